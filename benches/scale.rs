//! SPEC §8 in criterion: parse, classify, wrap and one rendered frame at 5 KB (the bundled
//! interview), 1 MB and — with `BENCH_100M=1`, as it takes minutes — 100 MB of generated
//! transcript. Compare sizes by their ratios; absolute times depend on the machine.

#[path = "../bench/generate.rs"]
mod generate;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use interview_reader::cli::ThemeName;
use interview_reader::document::{self, Document, InputFormat, Lexicon, QuoteKind};
use interview_reader::tui::action::Action;
use interview_reader::tui::app::App;
use interview_reader::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const BUNDLED: &str = include_str!("../assets/stone-putin-interview-episode4.txt");

/// (name, text) of each size benchmarked.
fn inputs() -> Vec<(&'static str, String)> {
    let mut sizes = vec![
        ("5KB", BUNDLED.to_string()),
        ("1MB", generate::transcript(1 << 20)),
    ];
    if std::env::var_os("BENCH_100M").is_some() {
        sizes.push(("100MB", generate::transcript(100 << 20)));
    }
    sizes
}

fn parse(text: &str) -> Document {
    document::parse(text.to_string(), InputFormat::Auto, &Lexicon::bundled())
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for (name, text) in inputs() {
        group.throughput(criterion::Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| parse(black_box(t)))
        });
    }
    group.finish();
}

fn bench_classify(c: &mut Criterion) {
    let doc = parse(BUNDLED);
    let quotes: Vec<&str> = doc
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Turn)
        .map(|q| doc.quote_text(q))
        .collect();
    c.bench_function("classify/bundled quotes", |b| {
        b.iter(|| {
            quotes
                .iter()
                .filter(|q| document::quotes::classify(black_box(q)) == QuoteKind::Statement)
                .count()
        })
    });
}

fn bench_wrap(c: &mut Criterion) {
    let mut group = c.benchmark_group("wrap");
    let paragraph = BUNDLED.split("\n\n").max_by_key(|p| p.len()).unwrap_or_default();
    for width in [20, 80, 200] {
        group.bench_with_input(BenchmarkId::new("longest paragraph", width), &width, |b, &w| {
            b.iter(|| interview_reader::wrap::wrap(black_box(paragraph), w).len())
        });
    }
    group.finish();
}

/// One frame at the top and one at the end (`G`): the cost must not grow with the file.
fn bench_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (name, text) in inputs() {
        let mut app = App::new(parse(&text), Theme::pick(ThemeName::Dark, false), (120, 40));
        let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
            Ok(t) => t,
            Err(_) => return,
        };
        group.bench_function(BenchmarkId::new("top", name), |b| {
            b.iter(|| interview_reader::tui::draw(&mut terminal, &app).is_ok())
        });
        app.update(Action::Bottom);
        group.bench_function(BenchmarkId::new("G then frame", name), |b| {
            b.iter(|| {
                app.update(Action::Top);
                app.update(Action::Bottom);
                interview_reader::tui::draw(&mut terminal, &app).is_ok()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse, bench_classify, bench_wrap, bench_frame);
criterion_main!(benches);
