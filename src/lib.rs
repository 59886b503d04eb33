//! interview-reader: read interviews in the terminal, or query them from scripts.
//!
//! [`document`] builds the model (no terminal code); [`output`] writes it for scripts;
//! [`tui`] is the reader; [`sanitize`] and [`wrap`] stand between untrusted text and a screen.

pub mod big_blocks;
pub mod cli;
pub mod document;
mod json_rows;
pub mod output;
pub mod sanitize;
pub mod tui;
pub mod wrap;
