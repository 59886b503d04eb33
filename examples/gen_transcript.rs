//! Write a generated transcript of a given size: `cargo run --release --example gen_transcript
//! -- 100M bench/out/hearing-100M.txt`. Sizes take K, M or G suffixes (powers of 1024).

#[path = "../bench/generate.rs"]
mod generate;

use std::process::ExitCode;

fn parse_size(text: &str) -> Option<usize> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: usize = digits.parse().ok()?;
    let scale = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(scale)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size), Some(path)) = (args.first().and_then(|s| parse_size(s)), args.get(1)) else {
        eprintln!("usage: gen_transcript SIZE[K|M|G] OUTPUT");
        return ExitCode::from(2);
    };
    match std::fs::write(path, generate::transcript(size)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_transcript: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
