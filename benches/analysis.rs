//! Analysis time of large generated swimlane flows (`procmod::sample::swimlane`: 6 lanes,
//! decisions, rework loops, nested parallel blocks). Figures, not pass/fail: the target is a
//! 10,000-node flow validated and measured within 5 ms natively.
//!
//! `metrics/N` measures `metrics::swimlane`, `validate/N` the validation rules, and
//! `analysis/N` both, as the editor runs them after every change.

// The native binaries (the procmod CLI, this benchmark) allocate through mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use procmod::{metrics, sample, validate};
use std::hint::black_box;

const SIZES: [usize; 2] = [1_000, 10_000];

fn analysis(c: &mut Criterion) {
    let docs: Vec<_> = SIZES.iter().map(|&n| (n, sample::swimlane(n, 6, 2024))).collect();
    let mut group = c.benchmark_group("metrics");
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| metrics::swimlane(black_box(doc)).expect("sample flows are analysable"))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("validate");
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| validate::validate(black_box(doc)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("analysis");
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| {
                let findings = validate::validate(black_box(doc));
                let figures = metrics::swimlane(black_box(doc)).expect("sample flows are analysable");
                (findings, figures)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
