//! The terminal reader.

use crate::cli::{Failure, Global};
use crate::document::Document;

/// Open the reader on `doc`.
pub fn run(doc: Document, global: &Global) -> Result<(), Failure> {
    let mut out = std::io::stdout();
    crate::output::plain_document(&mut out, &doc, crate::cli::text_width(global))
        .map_err(crate::cli::write_failure)
}
