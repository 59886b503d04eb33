//! End to end: the real binary in tmux, driven by keys, read from the screen.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Session(String);

impl Session {
    fn start(name: &str, args: &str) -> Option<Session> {
        Session::start_with(name, "", args)
    }

    /// Run `{prefix} interview-reader {args}`, then print its exit code and whether the
    /// terminal is back in cooked mode with echo (`MODES icanon echo`).
    fn start_with(name: &str, prefix: &str, args: &str) -> Option<Session> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed; .ci/run installs it");
            return None;
        }
        let bin = env!("CARGO_BIN_EXE_interview-reader");
        let name = format!("ir-e2e-{name}-{}", std::process::id());
        let modes = "stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '";
        let command = format!(
            "RUST_BACKTRACE=0 {prefix} {bin} {args}; echo EXITED $?; echo MODES $({modes}); sleep 30"
        );
        // The tests run side by side on one tmux server, which exits when another test's
        // session was its last: a session started at that moment is refused. Try again.
        let started = (0..5).any(|attempt| {
            if attempt > 0 {
                sleep(Duration::from_millis(200));
            }
            Command::new("tmux")
                .args([
                    "new-session",
                    "-d",
                    "-x",
                    "120",
                    "-y",
                    "40",
                    "-s",
                    &name,
                    &command,
                ])
                .status()
                .is_ok_and(|s| s.success())
        });
        assert!(started, "tmux did not start a session");
        Some(Session(name))
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.0, k])
                .status()
                .unwrap();
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `needle` (the machine may be slow).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return screen;
            }
            sleep(Duration::from_millis(50));
        }
    }

    fn pid(&self) -> Option<String> {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.0, "-F", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let child = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        String::from_utf8_lossy(&child.stdout)
            .lines()
            .next()
            .map(str::to_string)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}

#[test]
fn a_reader_session_in_tmux() {
    let Some(s) = Session::start("read", "") else {
        return;
    };
    let screen = s.wait_for("? help");
    assert!(
        screen.contains("Outline") && screen.contains("Introduction"),
        "{screen}"
    );
    s.keys(&["]"]);
    let screen = s.wait_for("§ 2/3");
    assert!(screen.contains("§ 2/3 The intervention"), "{screen}");
    s.keys(&["v", "5"]);
    let screen = s.wait_for("2 quotes");
    assert!(screen.contains("In a coffin of pockets"), "{screen}");
    s.keys(&["v", "0", "/", "Stalin", "Enter"]);
    let screen = s.wait_for("/Stalin match 1/3");
    assert!(screen.contains("/Stalin match 1/3"), "{screen}");
    Command::new("tmux")
        .args(["resize-window", "-t", &s.0, "-x", "1", "-y", "1"])
        .status()
        .unwrap();
    sleep(Duration::from_millis(300));
    Command::new("tmux")
        .args(["resize-window", "-t", &s.0, "-x", "120", "-y", "40"])
        .status()
        .unwrap();
    let screen = s.wait_for("? help");
    assert!(screen.contains("? help"), "still alive after 1×1: {screen}");
    s.keys(&["q"]);
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

/// A file named on the command line, as a user opens one: a meeting's captions, whose cues
/// read as flowing turns with the quote across them attributed.
#[test]
fn a_caption_file_opens_as_turns_in_tmux() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/town-hall.vtt");
    let Some(s) = Session::start("file", fixture) else {
        return;
    };
    let screen = s.wait_for("? help");
    assert!(
        screen.contains("the water budget. Our first"),
        "two cues of one turn are one paragraph: {screen}"
    );
    assert!(screen.contains("— MAYOR LINDQVIST"), "{screen}");
    assert!(!screen.contains("-->") && !screen.contains("Putin"), "{screen}");
    s.keys(&["q"]);
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

#[test]
fn a_magazine_q_and_a_page_opens_with_a_question_outline_and_its_speakers_in_tmux() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/magazine-qa.html");
    let Some(s) = Session::start("magazine", fixture) else {
        return;
    };
    let screen = s.wait_for("? help");
    assert!(
        screen.contains("Tell me about the"),
        "a question in the outline: {screen}"
    );
    assert!(screen.contains("Water doesn’t argue."), "{screen}");
    assert!(!screen.contains("**") && !screen.contains("Home"), "{screen}");
    // The speaker picker: the questioner and whoever answers, five turns each.
    s.keys(&["p"]);
    let screen = s.wait_for("Everyone");
    assert!(screen.contains("Q (5)") && screen.contains("A (5)"), "{screen}");
    s.keys(&["Escape", "q"]);
    let screen = s.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
}

/// The terminal after the program ended: normal screen, cursor shown, cooked mode with echo.
fn assert_terminal_restored(s: &Session, screen: &str) {
    assert!(!screen.contains("Outline"), "alternate screen left: {screen}");
    assert!(screen.contains("MODES icanon echo"), "raw mode left on: {screen}");
    let out = Command::new("tmux")
        .args(["display", "-p", "-t", &s.0, "#{alternate_on} #{cursor_flag}"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0 1",
        "normal screen, cursor shown"
    );
}

/// Send `signal` to a running reader; it must exit 128+n with the terminal restored.
fn signal_ends_cleanly(signal: &str, code: u8) {
    let Some(s) = Session::start(signal, "") else {
        return;
    };
    s.wait_for("? help");
    let pid = s.pid().expect("reader pid");
    Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    let screen = s.wait_for("MODES");
    assert!(screen.contains(&format!("EXITED {code}")), "{screen}");
    assert_terminal_restored(&s, &screen);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    signal_ends_cleanly("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    signal_ends_cleanly("HUP", 129);
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    signal_ends_cleanly("INT", 130);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    signal_ends_cleanly("QUIT", 131);
}

#[test]
fn ctrl_c_quits_like_q() {
    let Some(s) = Session::start("ctrlc", "") else {
        return;
    };
    s.wait_for("? help");
    s.keys(&["C-c"]);
    let screen = s.wait_for("MODES");
    assert!(screen.contains("EXITED 0"), "{screen}");
    assert_terminal_restored(&s, &screen);
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    let Some(s) = Session::start_with("panic", "INTERVIEW_READER_TEST_PANIC=1", "") else {
        return;
    };
    let screen = s.wait_for("MODES");
    assert!(screen.contains("EXITED 101"), "{screen}");
    // Printed while the alternate screen was on, the message would have vanished with it.
    assert!(screen.contains("deliberate panic requested"), "{screen}");
    assert!(screen.contains("the terminal has been restored"), "{screen}");
    assert_terminal_restored(&s, &screen);
}

#[test]
fn no_controlling_terminal_gives_a_clear_error() {
    if Command::new("setsid").arg("--version").output().is_err() {
        eprintln!("setsid is not installed; skipping");
        return;
    }
    let Some(s) = Session::start_with("notty", "setsid -w", "</dev/null") else {
        return;
    };
    let screen = s.wait_for("MODES");
    assert!(screen.contains("EXITED 1"), "{screen}");
    assert!(screen.contains("no terminal to draw on"), "{screen}");
}

#[test]
fn closing_the_terminal_ends_the_reader() {
    let Some(s) = Session::start("close", "") else {
        return;
    };
    s.wait_for("? help");
    let pid = s.pid().expect("reader pid");
    Command::new("tmux")
        .args(["kill-session", "-t", &s.0])
        .status()
        .unwrap();
    let start = Instant::now();
    let proc_dir = std::path::Path::new("/proc").join(&pid);
    while proc_dir.exists() && start.elapsed() < Duration::from_secs(10) {
        sleep(Duration::from_millis(100));
    }
    // A reader left behind spins on the dead terminal's reads at 100% CPU.
    assert!(
        !proc_dir.exists(),
        "reader {pid} still running after its terminal closed"
    );
}

#[test]
fn a_reader_without_a_controlling_terminal_but_with_a_pty_keeps_running() {
    if Command::new("setsid").arg("--version").output().is_err() {
        return;
    }
    // stdin is still the pane's pty, so the reader can draw and read keys.
    let Some(s) = Session::start_with("setsid-pty", "setsid -w", "") else {
        return;
    };
    s.wait_for("? help");
    sleep(Duration::from_millis(1000));
    assert!(s.screen().contains("? help"), "the watchdog must not end it");
    s.keys(&["q"]);
    let screen = s.wait_for("MODES");
    assert!(screen.contains("EXITED 0"), "{screen}");
}
