//! Entry point: parse arguments, load the document (every fallible input step happens
//! before the terminal is touched), then run a command or open the reader.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use interview_reader::cli::{self, Cli, Failure};
use interview_reader::output;

/// Large blocks on huge pages (see the module): half the page faults of loading a long file.
#[global_allocator]
static ALLOCATOR: interview_reader::big_blocks::BigBlocks = interview_reader::big_blocks::BigBlocks;

fn main() -> ExitCode {
    return_freed_memory();
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    match cli.settle_file().and_then(|()| run(&cli)) {
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
        widen_output_pipe();
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

/// Keep glibc's malloc from holding on to what the parser frees (SPEC §8: peak memory).
///
/// glibc serves a large allocation with its own mapping and gives it back when freed, but
/// after such a free it raises the size it treats as large, up to 32 MB: from then on the
/// parser's freed lists of several MB stay in the heap, resident, and the reader's index
/// of a 100 MB file is built beside them (measured: 159 MB instead of 151). A fixed
/// threshold keeps every large block returnable.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_freed_memory() {
    // SAFETY: mallopt only sets a tuning parameter of the C allocator; it is called once,
    // before any other thread exists, and a refusal (return 0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_freed_memory() {}

/// Let a pipe on standard output hold 1 MiB instead of 64 KiB (Linux's default): the
/// export of a 100 MB hearing is 230 MB of JSON, and through a default pipe (`| jq`,
/// `| cat`) writing it took three times as long as to a file, each 64 KiB a switch to the
/// reader and back (measured: 0.5–0.8 s against 0.22 s with the larger pipe).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn widen_output_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let is_pipe = std::fs::metadata("/dev/stdout").is_ok_and(|m| m.file_type().is_fifo());
    if is_pipe {
        // SAFETY: F_SETPIPE_SZ only resizes the pipe's buffer; on any refusal (a size above
        // the system's limit, not a pipe after all) it returns -1 and nothing changes.
        unsafe {
            libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, 1 << 20);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn widen_output_pipe() {}
