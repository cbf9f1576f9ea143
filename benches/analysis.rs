//! Analysis time of large generated swimlane flows (`procmod::sample::swimlane`: 6 lanes,
//! decisions, rework loops, nested parallel blocks). Figures, not pass/fail: the target is a
//! 10,000-node flow validated and measured within 5 ms natively.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;

fn metrics(c: &mut Criterion) {
    let mut group = c.benchmark_group("metrics");
    for n in [1_000, 10_000] {
        let doc = procmod::sample::swimlane(n, 6, 2024);
        group.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| {
            b.iter(|| procmod::metrics::swimlane(black_box(doc)).expect("sample flows are analysable"))
        });
    }
    group.finish();
}

criterion_group!(benches, metrics);
criterion_main!(benches);
