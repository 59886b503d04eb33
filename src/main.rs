//! Entry point: parse arguments, load the document (every fallible input step happens
//! before the terminal is touched), then run a command or open the reader.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use interview_reader::cli::{self, Cli, Failure};
use interview_reader::output;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("interview-reader: {}", f.message);
            }
            ExitCode::from(f.code as u8)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    if let Some(command) = &cli.command {
        let mut out = BufWriter::new(stdout.lock());
        return cli::run_command(command, &cli.global, &mut out);
    }
    if stdout.is_terminal() {
        let loaded = cli::load_for_reader(cli.file.as_ref(), &cli.global)?;
        return interview_reader::tui::run(loaded, &cli.global);
    }
    // Not a terminal: print the document as wrapped plain text, like `cat`.
    let doc = cli::load(cli.file.as_ref(), &cli.global)?;
    let mut out = BufWriter::new(stdout.lock());
    output::plain_document(&mut out, &doc, cli::text_width(&cli.global))
        .and_then(|()| out.flush())
        .map_err(cli::write_failure)
}
