//! The command line as scripts use it: every command and format, and every bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn cmd() -> Command {
    Command::cargo_bin("interview-reader").expect("binary builds")
}

/// A file for one test, removed (with its folder, once empty) when the test is done:
/// some are tens of MB.
struct TempFile(std::path::PathBuf);

impl std::ops::Deref for TempFile {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempFile {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn tmp(name: &str, bytes: &[u8]) -> TempFile {
    let dir = std::env::temp_dir().join(format!("ir-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    TempFile(path)
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn outline_json_has_the_spec_shape() {
    let v = json(&["outline", "--format", "json"]);
    assert!(v["title"].as_str().unwrap().starts_with("“There is always hope”"));
    let s = &v["sections"][1];
    assert_eq!(s["heading"], "The intervention of the United States");
    for key in ["level", "line", "paragraphs", "quotes"] {
        assert!(s[key].is_u64(), "{key}");
    }
    assert!(v["sections"][0]["heading"].is_null());
}

#[test]
fn outline_text_and_markdown_list_the_sections() {
    cmd()
        .arg("outline")
        .assert()
        .success()
        .stdout(contains("Introduction").and(contains("The intervention")));
    cmd()
        .args(["outline", "--format", "markdown"])
        .assert()
        .success()
        .stdout(contains("# “There is always hope”").and(contains("- The intervention")));
}

#[test]
fn a_pull_quote_signed_after_a_dash_is_prose_not_a_heading() {
    let path = tmp(
        "fauci.txt",
        "Briefing on the virus\n\nThe doctor spoke to reporters on Monday.\n\n\
         “We will get through this together” — Dr. Fauci\n\nThe briefing ended at noon.\n"
            .as_bytes(),
    );
    let path = path.to_str().unwrap();
    let quotes = json(&["quotes", "--format", "json", path]);
    assert_eq!(quotes[0]["speaker"], "Fauci", "{quotes}");
    // One section, its counts in the singular where they are one.
    cmd()
        .args(["outline", path])
        .assert()
        .success()
        .stdout(contains("Introduction  (line 3, 3 paragraphs, 1 quote)\n").and(contains("Fauci").not()));
}

#[test]
fn quotes_json_rows_have_the_spec_fields() {
    let v = json(&["quotes", "--format", "json"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 16);
    let r = &rows[0];
    for key in ["id", "text", "speaker", "section", "kind", "topics", "line"] {
        assert!(r.get(key).is_some(), "{key}");
    }
    assert_eq!(r["speaker"], "Putin");
    assert!(r["section"].is_null());
    assert_eq!(r["kind"], "statement");
}

#[test]
fn topic_twice_means_any_and_all_means_every() {
    let sec = json(&["quotes", "--topic", "security", "--format", "json"])
        .as_array()
        .unwrap()
        .len();
    let wealth = json(&["quotes", "--topic", "wealth", "--format", "json"])
        .as_array()
        .unwrap()
        .len();
    let any = json(&[
        "quotes", "--topic", "security", "--topic", "wealth", "--format", "json",
    ]);
    assert_eq!(any.as_array().unwrap().len(), sec + wealth);
    let all = json(&[
        "quotes",
        "--topic",
        "relations",
        "--topic",
        "elections",
        "--all",
        "--format",
        "json",
    ]);
    for row in all.as_array().unwrap() {
        let topics = row["topics"].as_array().unwrap();
        assert!(topics.contains(&"relations".into()) && topics.contains(&"elections".into()));
    }
}

#[test]
fn kind_speaker_and_search_narrow_the_quotes() {
    let phrases = json(&["quotes", "--kind", "phrase", "--format", "json"]);
    assert!(phrases.as_array().unwrap().iter().all(|r| r["kind"] == "phrase"));
    assert!(
        phrases
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"] == "meddling")
    );
    let none = json(&["quotes", "--speaker", "nobody", "--format", "json"]);
    assert_eq!(none.as_array().unwrap().len(), 0);
    let putin = json(&["quotes", "--speaker", "put", "--format", "json"]);
    assert_eq!(putin.as_array().unwrap().len(), 16);
    let found = json(&["quotes", "--search", "\"Strips\"", "--format", "json"]);
    assert_eq!(
        found.as_array().unwrap().len(),
        1,
        "straight quotes find curly ones"
    );
}

#[test]
fn quotes_csv_has_a_header_and_rfc4180_quoting() {
    let out = cmd().args(["quotes", "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,speaker,section,kind,topics,line,text"));
    assert!(
        text.contains(",\"Although NGOs are often funded"),
        "fields with commas are quoted"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.records().count(), 16);
}

#[test]
fn quotes_text_and_markdown_attribute_each_quote() {
    cmd()
        .arg("quotes")
        .assert()
        .success()
        .stdout(contains("q3  Putin · Introduction · line 9"));
    cmd()
        .args(["quotes", "--format", "markdown"])
        .assert()
        .success()
        .stdout(contains("> There is always hope").and(contains("— **Putin**")));
}

#[test]
fn topics_list_the_six_with_keys() {
    let v = json(&["topics", "--format", "json"]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "relations",
            "elections",
            "security",
            "history",
            "wealth",
            "future"
        ]
    );
    assert_eq!(v[1]["key"], "2");
    assert!(v[1]["quotes"].as_u64().unwrap() > 0);
    cmd()
        .arg("topics")
        .assert()
        .success()
        .stdout(contains("1  relations"));
}

#[test]
fn dump_reads_back_to_an_equal_model() {
    let first = cmd().arg("dump").output().unwrap();
    let path = tmp("dump.json", &first.stdout);
    let second = cmd().arg("dump").arg(&path).output().unwrap();
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(first.stdout, second.stdout);
    let q1 = cmd()
        .args(["quotes", "--format", "json"])
        .output()
        .unwrap()
        .stdout;
    let q2 = cmd()
        .args(["quotes", "--input-format", "json", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap()
        .stdout;
    assert_eq!(q1, q2);
}

#[test]
fn missing_file_is_one_clear_line_and_exit_1() {
    cmd()
        .args(["outline", "no-such-file.txt"])
        .assert()
        .code(1)
        .stderr(
            contains("cannot open 'no-such-file.txt': No such file or directory")
                .and(contains("\n").count(1)),
        );
}

#[test]
fn a_directory_is_refused() {
    cmd()
        .args(["quotes", "."])
        .assert()
        .code(1)
        .stderr(contains("'.': it is a directory"));
}

#[test]
fn a_binary_file_is_refused() {
    let path = tmp("x.bin", b"\x7fELF\0\0\0binary");
    cmd()
        .arg("outline")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("binary"));
}

#[test]
fn invalid_utf8_is_read_with_one_warning() {
    let path = tmp(
        "bad.txt",
        b"Title\n\nHe said \xff \xe2\x80\x9cthis is a full quote here\xe2\x80\x9d, Jones said.\n",
    );
    cmd()
        .args(["quotes", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .stderr(contains("not valid UTF-8").count(1))
        .stdout(contains("Jones"));
}

/// What Windows calls "Unicode" text (Notepad, Word): UTF-16 with a byte order mark, whose
/// ASCII holds NUL bytes, and which was refused as binary.
#[test]
fn utf16_text_is_read_not_refused_as_binary() {
    let text = "Title\r\n\r\n“We will build it all again,” said Jane Doe.\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = tmp("unicode.txt", &bytes);
    cmd()
        .args(["quotes", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .stderr("")
        .stdout(contains("\"text\": \"We will build it all again,\""))
        .stdout(contains("\"speaker\": \"Jane Doe\""))
        .stdout(contains("\"line\": 3"));
}

/// Options before the command, as `git -C x log` has them, and the file before it too:
/// both were refused ("the subcommand 'FILE' cannot be used with --width").
#[test]
fn options_and_the_file_may_come_before_the_command() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/press-briefing.txt");
    let after = cmd().args(["quotes", "--width", "50", fixture]).output().unwrap();
    assert!(after.status.success());
    for args in [
        vec!["--width", "50", "quotes", fixture],
        vec!["--width", "50", fixture, "quotes"],
        vec![fixture, "--width", "50", "quotes"],
    ] {
        let out = cmd().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, after.stdout, "{args:?}");
    }
    // With no command, the file is the one read (printed as text when not on a terminal).
    let alone = cmd().arg(fixture).output().unwrap();
    let text = String::from_utf8_lossy(&alone.stdout);
    assert!(
        alone.status.success() && text.contains("Press Briefing") && !text.contains("Putin"),
        "{text}"
    );
    // A file on both sides is an error, not one of them silently read.
    cmd()
        .args([fixture, "quotes", fixture])
        .assert()
        .code(2)
        .stderr(contains("two files given"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    cmd()
        .args(["quotes", "-", "--format", "json"])
        .write_stdin("Title\n\n“We will build it all again,” said Jane Doe.\n")
        .assert()
        .success()
        .stdout(contains("\"speaker\": \"Jane Doe\""));
}

#[test]
fn a_bad_topics_file_is_a_clear_error() {
    let path = tmp("bad.toml", b"[[topic]]\nid = 1\n");
    cmd()
        .arg("topics")
        .arg("--topics")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("is not valid"));
    cmd()
        .args(["topics", "--topics", "missing.toml"])
        .assert()
        .code(1)
        .stderr(contains("cannot read topics file"));
}

#[test]
fn a_topics_file_replaces_the_lexicon() {
    let path = tmp(
        "t.toml",
        b"[[topic]]\nid = \"money\"\nname = \"Money\"\nkeywords = [\"money\", \"wealth\"]\n",
    );
    let v = json(&["topics", "--format", "json", "--topics", path.to_str().unwrap()]);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], "money");
}

#[test]
fn usage_errors_exit_2() {
    cmd().args(["quotes", "--format", "yaml"]).assert().code(2);
    cmd()
        .args(["quotes", "--topic", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown topic 'nope'"));
}

#[test]
fn a_short_text_off_the_lexicon_lists_no_topics_and_says_so_when_one_is_asked_for() {
    let file = tmp(
        "short.txt",
        "Q: Can you hear me?\n\nMAYOR DIAZ: Yes. “We will open the park in May,” I said.\n".as_bytes(),
    );
    let topics = json(&["topics", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(topics, serde_json::json!([]));
    cmd()
        .args(["quotes", "--topic", "elections"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("unknown topic 'elections' (this text has none"));
}

#[test]
fn without_a_terminal_the_document_prints_as_wrapped_text() {
    let out = cmd().args(["--width", "60"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("The intervention of the United States\n-----"),
        "{text}"
    );
    assert!(text.contains("↳ q3 Putin"));
    assert!(text.lines().all(|l| l.chars().count() <= 60), "wrapped at 60");
}

#[test]
fn a_closed_pipe_ends_quietly_in_every_format() {
    let big: String = (0..2000)
        .map(|i| format!("## Part {i}\n\nPara {i}: “We said this many times over,” said Jane Doe.\n\n"))
        .collect();
    let path = tmp("big.txt", format!("Title\n\n{big}").as_bytes());
    let path = path.to_str().unwrap();
    for args in [
        &["quotes", path][..],
        &["quotes", "--format", "json", path],
        &["quotes", "--format", "csv", path],
        &["quotes", "--format", "markdown", path],
        &["outline", path],
        &["outline", "--format", "json", path],
        &["outline", "--format", "markdown", path],
        &["dump", path],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("interview-reader"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.code() == Some(0), "{args:?}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A sentence with one quotation, repeated with no line break at all.
fn one_long_line(bytes: usize) -> (Vec<u8>, usize) {
    let unit = "The committee heard it again: “we have a budget for the schools this year” and so on. ";
    let n = bytes / unit.len();
    (unit.repeat(n).into_bytes(), n)
}

#[test]
fn a_single_line_of_twenty_megabytes_is_read_whole() {
    let (bytes, n) = one_long_line(20 << 20);
    let path = tmp("one-line.txt", &bytes);
    let out = cmd()
        .args(["quotes", "--format", "csv"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(rows, n + 1, "every quotation of the line, plus the header");
    // The line is body text, not a 20 MB title.
    let outline = json(&["outline", "--format", "json", path.to_str().unwrap()]);
    assert!(outline["title"].is_null(), "{}", outline["title"]);
}

#[test]
#[cfg(unix)]
fn a_fifo_is_read_when_its_writer_comes() {
    let dir = std::env::temp_dir().join(format!("ir-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("interview.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipping");
        return;
    }
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        std::fs::write(writer_path, "Q: Did it happen?\n\nMS. DOE: “It did,” she said.\n")
    });
    cmd()
        .args(["quotes", "--kind", "turn"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stdout(
            contains("MS. DOE")
                .or(contains("Ms. Doe"))
                .and(contains("Did it happen?")),
        );
    writer.join().unwrap().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn topics_on_a_transcript_off_the_lexicon_are_derived_and_filter_quotes() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/press-briefing.txt");
    let topics = json(&["topics", "--format", "json", fixture]);
    let rows = topics.as_array().unwrap();
    assert!(rows.len() >= 3, "{topics}");
    assert!(rows.iter().all(|t| t["derived"] == true));
    assert_eq!(rows[0]["key"], "1");
    let quotes = json(&[
        "quotes", "--format", "json", "--topic", "border", "--kind", "turn", fixture,
    ]);
    let quotes = quotes.as_array().unwrap();
    assert!(!quotes.is_empty());
    assert!(
        quotes
            .iter()
            .all(|q| q["text"].as_str().unwrap().to_lowercase().contains("border")
                || q["text"].as_str().unwrap().contains("migra")),
        "{quotes:?}"
    );
    let by_speaker = json(&[
        "quotes",
        "--format",
        "json",
        "--speaker",
        "fauci",
        "--kind",
        "turn",
        fixture,
    ]);
    let by_speaker = by_speaker.as_array().unwrap();
    assert!(by_speaker.len() >= 3);
    assert!(
        by_speaker.iter().all(|q| q["speaker"] == "DR. FAUCI"),
        "{by_speaker:?}"
    );
}

/// Captions as meeting tools export them: cues are turns, a cue without a label continues
/// the turn before it, and no cue number or time ends up in what anyone said.
#[test]
fn captions_read_as_a_transcript_without_their_cue_times() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/town-hall.vtt");
    let quotes = json(&["quotes", "--format", "json", "--kind", "turn", fixture]);
    let turns: Vec<(String, String, u64)> = quotes
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let text = q["text"].as_str().unwrap().to_string();
            (
                q["speaker"].as_str().unwrap_or("").to_string(),
                text,
                q["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let speakers: Vec<&str> = turns.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(
        speakers,
        [
            "MODERATOR",
            "MAYOR LINDQVIST",
            "Council Member Ortega",
            "MODERATOR"
        ],
        "{turns:?}"
    );
    assert!(turns[0].1.ends_with("goes to the mayor."), "{turns:?}");
    assert!(turns[1].1.contains("four percent & no more."), "{turns:?}");
    assert_eq!(turns[2].2, 24, "a turn keeps its source line");
    for (_, text, _) in &turns {
        assert!(!text.contains("-->") && !text.contains("00:00"), "{text:?}");
    }
    let all = json(&["quotes", "--format", "json", fixture]);
    let said = all
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] != "turn")
        .expect("the quote");
    assert_eq!(said["text"], "we kept every promise.");

    // SubRip, from standard input: the same without its header.
    let srt = "1\n00:00:01,000 --> 00:00:04,000\nQ: Why?\n\n2\n00:00:04,500 --> 00:00:09,000\nA: Because.\n";
    let out = cmd().args(["quotes", "-"]).write_stdin(srt).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Why?") && text.contains("Because.") && !text.contains("-->"),
        "{text}"
    );
}

#[test]
fn quote_lines_count_from_one_and_after_front_matter() {
    let first = tmp(
        "first-line.txt",
        "“We start on the very first line,” she said.\n".as_bytes(),
    );
    let rows = json(&["quotes", "--format", "json", first.to_str().unwrap()]);
    assert_eq!(rows[0]["line"], 1, "{rows}");

    let md = "---\ntitle: Talk\n---\n\n“A quote on the fifth line of the file,” he said.\n\nMore text.\n\n“And one on line nine,” he said.\n";
    let path = tmp("front-matter.md", md.as_bytes());
    let rows = json(&["quotes", "--format", "json", path.to_str().unwrap()]);
    let lines: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].clone())
        .collect();
    assert_eq!(lines, [5, 9], "{rows}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `interview-reader quotes … | head`: the pipe closes mid-output, in every format.
    let text = "“A line worth quoting, again and again,” she said.\n\n".repeat(20_000);
    let path = tmp("many-quotes.txt", text.as_bytes());
    for format in ["json", "csv", "text", "markdown"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("interview-reader"))
            .args(["quotes", "--format", format])
            .arg(&path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A web page saved from a browser reads as its article: headline, sections, quotes and who
/// said them; no markup, script, navigation or comment in anything written.
#[test]
fn a_saved_web_page_reads_as_its_article() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saved-interview.html");
    let quotes = json(&["quotes", "--format", "json", fixture]);
    let rows: Vec<(String, String)> = quotes
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["speaker"].as_str().unwrap_or("").to_string(),
                q["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Lindqvist".to_string(),
                "We will build it before the winter comes,".to_string()
            ),
            (
                "Lindqvist".to_string(),
                "From the state and from the city, in equal parts,".to_string()
            ),
            (
                "Council Member Ortega".to_string(),
                "Nobody will pay a toll on this bridge,".to_string()
            ),
        ]
    );
    let written = |args: &[&str]| String::from_utf8(cmd().args(args).output().unwrap().stdout).unwrap();
    let dump = written(&["dump", fixture]);
    for never in [
        "<p",
        "dataLayer",
        "Home",
        "commented-out",
        "&ldquo;",
        "City Paper",
    ] {
        assert!(!dump.contains(never), "{never} in {dump}");
    }
    let outline = written(&["outline", fixture]);
    assert!(outline.starts_with("The Bridge Interview\n"), "{outline}");
    assert!(outline.contains("The money"), "{outline}");
}
