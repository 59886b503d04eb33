//! The command line (SPEC §7): arguments, loading, and the script commands.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::document::filter::{QuoteFilter, TopicMode, fold, speakers_matching};
use crate::document::{self, Document, InputFormat, Loaded, Origin};
use crate::output;

#[derive(Debug, Parser)]
#[command(
    name = "interview-reader",
    version,
    about = "Read interviews in the terminal: outline, attributed quotes, topic filters.",
    // Options may come before the command as well as after it (`--width 60 quotes FILE`):
    // a command's name is taken as the command wherever it stands.
    subcommand_precedence_over_arg = true,
    override_usage = "interview-reader [OPTIONS] [FILE]\n       interview-reader [OPTIONS] <COMMAND> [FILE] [COMMAND OPTIONS]",
    after_help = "With no FILE, opens the bundled interview. `-` reads standard input."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The interview to read (text, Markdown, transcript or JSON); `-` for stdin.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub global: Global,
}

impl Cli {
    /// `interview-reader FILE quotes` reads FILE as `interview-reader quotes FILE` does; a
    /// file on both sides of the command is a usage error rather than one of them ignored.
    pub fn settle_file(&mut self) -> Result<(), Failure> {
        let Some(command) = self.command.as_mut() else {
            return Ok(());
        };
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let slot = command.file_mut();
        if slot.is_some() {
            return Err(Failure::usage(
                "two files given, one before the command and one after it; name one, after the command",
            ));
        }
        *slot = Some(file);
        Ok(())
    }
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// A topic lexicon (TOML) to use instead of the bundled one.
    #[arg(long, global = true, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// How to read the input.
    #[arg(long, global = true, value_enum, default_value_t = InputFormat::Auto, value_name = "F")]
    pub input_format: InputFormat,
    /// Colours of the reader.
    #[arg(long, global = true, value_enum, default_value_t = ThemeName::Auto, value_name = "T")]
    pub theme: ThemeName,
    /// Line width for text output (default: the terminal's, else 80).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
}

/// `--theme` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    Auto,
    Dark,
    Light,
    Mono,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The sections, with their lines and quote counts.
    Outline {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
        format: OutlineFormat,
    },
    /// The quotes, filtered.
    Quotes(QuotesArgs),
    /// The topics, with their number keys and counts.
    Topics {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = TopicsFormat::Text)]
        format: TopicsFormat,
    },
    /// The whole model as JSON (reads back with `--input-format json` or a .json name).
    Dump { file: Option<PathBuf> },
}

impl Command {
    /// The file the command reads, as given after it.
    fn file_mut(&mut self) -> &mut Option<PathBuf> {
        match self {
            Command::Outline { file, .. } | Command::Topics { file, .. } | Command::Dump { file } => file,
            Command::Quotes(args) => &mut args.file,
        }
    }
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    pub file: Option<PathBuf>,
    /// Only quotes on this topic (id); given twice, on any of them.
    #[arg(long = "topic", id = "topic", value_name = "ID")]
    pub topic_ids: Vec<String>,
    /// With several --topic: only quotes on all of them.
    #[arg(long)]
    pub all: bool,
    /// Only quotes by speakers whose name contains NAME (case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Which kinds of quote (default: statements and turns).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only quotes containing TEXT (case-insensitive; curly and straight quotes alike).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t = QuotesFormat::Text)]
    pub format: QuotesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Statement,
    Phrase,
    Turn,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuotesFormat {
    Text,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopicsFormat {
    Text,
    Json,
}

/// A failure to report: one line on stderr and an exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    /// 1 for errors, 2 for usage errors (SPEC §7).
    pub code: i32,
}

impl Failure {
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 2,
        }
    }
}

/// Where a file argument points.
pub fn origin_of(file: Option<&PathBuf>) -> Origin {
    match file {
        None => Origin::Bundled,
        Some(p) if p.as_os_str() == "-" => Origin::Stdin,
        Some(p) => Origin::Path(p.clone()),
    }
}

/// Load the document named on the command line, warnings to stderr.
///
/// The document is never dropped: a command ends when it is written, and the process's exit
/// returns a hearing's memory at once, where dropping freed its million pieces one by one
/// (17 ms of a 100 MB export).
pub fn load(file: Option<&PathBuf>, global: &Global) -> Result<std::mem::ManuallyDrop<Document>, Failure> {
    say_if_large(file);
    let lexicon =
        document::lexicon_from(global.topics.as_deref()).map_err(|e| Failure::error(e.to_string()))?;
    let Loaded { doc, warnings } = document::load(&origin_of(file), global.input_format, &lexicon)
        .map_err(|e| Failure::error(e.to_string()))?;
    for w in warnings {
        eprintln!("interview-reader: {w}");
    }
    Ok(std::mem::ManuallyDrop::new(doc))
}

/// Files from this size on take seconds to index: say so rather than seem to hang.
const LARGE_FILE_BYTES: u64 = 256 << 20;

/// A note on stderr (when someone is watching it) that a large file is being indexed.
fn say_if_large(file: Option<&PathBuf>) {
    let Some(path) = file.filter(|p| p.as_os_str() != "-") else {
        return;
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size >= LARGE_FILE_BYTES && io::stderr().is_terminal() {
        eprintln!(
            "interview-reader: indexing {} ({} MB); this takes a few seconds per 100 MB…",
            crate::sanitize::for_terminal(&path.to_string_lossy()),
            size >> 20
        );
    }
}

/// Texts longer than this open on a preview of their start while the rest is indexed.
const PREVIEW_BYTES: usize = 1 << 20;

/// A document for the reader: ready at once, or a preview of its start plus the whole
/// document arriving from a background thread (SPEC §8: the first screen must not wait for
/// a 100 MB index).
pub struct ReaderDocument {
    pub doc: Document,
    pub rest: Option<std::sync::mpsc::Receiver<Document>>,
}

/// Load a document for the reader, indexing a long one in the background.
pub fn load_for_reader(file: Option<&PathBuf>, global: &Global) -> Result<ReaderDocument, Failure> {
    let lexicon =
        document::lexicon_from(global.topics.as_deref()).map_err(|e| Failure::error(e.to_string()))?;
    let origin = origin_of(file);
    let (text, warnings) = document::read_text(&origin).map_err(|e| Failure::error(e.to_string()))?;
    for w in warnings {
        eprintln!("interview-reader: {w}");
    }
    let format = document::resolve_format(global.input_format, &origin, &text);
    if format == document::InputFormat::Json || text.len() <= PREVIEW_BYTES {
        let doc = document::from_text(&origin, text, format, &lexicon)
            .map_err(|e| Failure::error(e.to_string()))?;
        return Ok(ReaderDocument { doc, rest: None });
    }
    let preview = document::parse(
        document::preview_prefix(&text, PREVIEW_BYTES).to_string(),
        format,
        &lexicon,
    );
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The reader may have quit meanwhile; then nobody is listening, which is fine.
        let _ = send.send(document::parse(text, format, &lexicon));
    });
    Ok(ReaderDocument {
        doc: preview,
        rest: Some(receive),
    })
}

/// The width for text output: `--width`, else the terminal's, else 80.
pub fn text_width(global: &Global) -> usize {
    if let Some(w) = global.width {
        return usize::from(w);
    }
    if io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
    {
        return usize::from(w.max(20));
    }
    80
}

/// Run a script command, writing to `out`.
pub fn run_command(command: &Command, global: &Global, out: &mut dyn Write) -> Result<(), Failure> {
    let result = match command {
        Command::Outline { file, format } => {
            let doc = load(file.as_ref(), global)?;
            match format {
                OutlineFormat::Text => output::outline_text(out, &doc),
                OutlineFormat::Json => output::outline_json(out, &doc),
                OutlineFormat::Markdown => output::outline_markdown(out, &doc),
            }
        }
        Command::Quotes(args) => {
            let doc = load(args.file.as_ref(), global)?;
            let filter = quote_filter(&doc, args)?;
            // Chosen as they are written: half a million indices need not be held (SPEC §8).
            let chosen = (0..doc.quotes.len()).filter(|&i| filter.passes(&doc, &doc.quotes[i]));
            match args.format {
                QuotesFormat::Text => output::quotes_text(out, &doc, chosen, text_width(global)),
                QuotesFormat::Json => output::quotes_json(out, &doc, chosen),
                QuotesFormat::Csv => output::quotes_csv(out, &doc, chosen),
                QuotesFormat::Markdown => output::quotes_markdown(out, &doc, chosen),
            }
        }
        Command::Topics { file, format } => {
            let doc = load(file.as_ref(), global)?;
            match format {
                TopicsFormat::Text => output::topics_text(out, &doc),
                TopicsFormat::Json => output::topics_json(out, &doc),
            }
        }
        Command::Dump { file } => {
            let doc = load(file.as_ref(), global)?;
            output::dump(out, &doc)
        }
    };
    let result = result.and_then(|()| out.flush()).map_err(write_failure);
    document::phases::Phases::start().mark("written");
    result
}

/// A write error: a closed pipe (`| head`) is not a failure worth a message.
pub fn write_failure(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure {
            message: String::new(),
            code: 0,
        }
    } else {
        Failure::error(format!("cannot write output: {e}"))
    }
}

/// The filter `quotes` arguments ask for; unknown topics are usage errors.
fn quote_filter(doc: &Document, args: &QuotesArgs) -> Result<QuoteFilter, Failure> {
    let mut filter = QuoteFilter::default();
    for id in &args.topic_ids {
        let Some(index) = doc.topics.iter().position(|t| t.id.eq_ignore_ascii_case(id)) else {
            let known: Vec<&str> = doc.topics.iter().map(|t| t.id.as_str()).collect();
            let known = if known.is_empty() {
                "this text has none: the lexicon matches none of its quotes, and none could be derived"
                    .to_string()
            } else {
                format!("topics: {}", known.join(", "))
            };
            return Err(Failure::usage(format!(
                "unknown topic '{}' ({known})",
                crate::sanitize::for_terminal(id),
            )));
        };
        filter.topics.insert(index);
    }
    if args.all {
        filter.mode = TopicMode::All;
    }
    if let Some(name) = &args.speaker {
        filter.speakers = Some(speakers_matching(doc, name));
    }
    if let Some(kind) = args.kind {
        filter.statements = matches!(kind, KindArg::Statement | KindArg::Any);
        filter.phrases = matches!(kind, KindArg::Phrase | KindArg::Any);
        filter.turns = matches!(kind, KindArg::Turn | KindArg::Any);
    }
    if let Some(text) = &args.search {
        filter.search = fold(text);
    }
    Ok(filter)
}
