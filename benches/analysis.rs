//! Analysis time of large generated swimlane flows (`procmod::sample::swimlane`: 6 lanes,
//! decisions, rework loops, nested parallel blocks). Figures, not pass/fail: the target is a
//! 10,000-node flow validated and measured within 5 ms natively.
//!
//! `metrics/N` measures `metrics::swimlane`, `validate/N` the validation rules, and
//! `analysis/N` `Analysis::of`, the function the app runs after every change (both, plus the
//! markers and the critical path). `big_loop/N` is the same on one strongly connected component
//! of N decisions (`sample::big_loop`). `dispatch/N` is one user
//! action (an arrow-key nudge of a shape) through `Editor::dispatch`, with its invariant check
//! and its copy of the document for rollback; `load/N` reads the flow's saved JSON;
//! `tidy/N` lays a flow out (Tidy up) and `route_all/N` routes its connectors; `route_area/10000`
//! routes those of one screen of a 10,000-shape diagram, as the canvas does after each edit;
//! `bpmn_export/N` and `bpmn_import/N` write and read BPMN 2.0; `simulate/…` runs 10,000 cases
//! of a 50-activity flow. `live_edit/N` is a nudge shared live: the dispatch, writing the step
//! into the shared document, and another participant taking the frame in and reading it into
//! its document, through `live::port` as the app does (`Remote::record`, `receive`, `patch`:
//! steps cross as deltas); `live_join/N` is joining a room holding the flow (its whole state
//! read into the placeholder document and sent back as one step).

// The native binaries (the procmod CLI, this benchmark) allocate through mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use procmod::analysis::Analysis;
use procmod::editor::{Action, Editor};
use procmod::{io, metrics, sample, validate};
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
    // What the app runs after each edit: `Analysis::of` (validation, metrics, markers, critical path).
    let mut group = c.benchmark_group("analysis");
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| b.iter(|| Analysis::of(black_box(doc))));
    }
    group.finish();
    // One strongly connected component of n decisions (loops back to random earlier ones).
    let mut group = c.benchmark_group("big_loop");
    for n in [1_000, 5_000] {
        let doc = sample::big_loop(n, 7);
        assert!(metrics::swimlane(&doc).is_ok(), "a loop that ends is measurable");
        group.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| b.iter(|| Analysis::of(black_box(doc))));
    }
    group.finish();
}

fn editing(c: &mut Criterion) {
    let docs: Vec<_> = SIZES.iter().map(|&n| (n, sample::swimlane(n, 6, 2024))).collect();
    let mut group = c.benchmark_group("dispatch");
    for (n, doc) in &docs {
        let mut editor = Editor::new(doc.clone());
        let id = doc.nodes[doc.nodes.len() / 2].id.clone();
        editor.dispatch(Action::Select(vec![id])).expect("the shape exists");
        // Held as the renderer holds it, so that each change copies the document as in the app.
        let mut shown = editor.doc.clone();
        let mut step = 10.0;
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                step = -step;
                editor.dispatch(Action::Nudge { dx: step, dy: 0.0 }).expect("a nudge applies");
                shown = editor.doc.clone();
            })
        });
        black_box(&shown);
    }
    group.finish();
    let mut group = c.benchmark_group("load");
    for (n, doc) in &docs {
        let text = io::save_compact(doc);
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| io::load(black_box(text)).expect("the sample loads"))
        });
    }
    group.finish();
}

/// Tidy up (`tidy::tidy`, what `Action::TidyUp` runs) and routing every connector
/// (`route::route_all`, what the SVG export and `procmod render` run) at 1,000 and 5,000 shapes.
fn pictures(c: &mut Criterion) {
    let docs: Vec<_> = [1_000, 5_000].iter().map(|&n| (n, sample::swimlane(n, 6, 2024))).collect();
    let mut group = c.benchmark_group("tidy");
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| procmod::tidy::tidy(black_box(doc)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("route_all");
    group.sample_size(10);
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| procmod::route::route_all(black_box(doc)))
        });
    }
    group.finish();
    // What the canvas routes of a large diagram after each edit: the connectors touching the
    // shapes on screen, at 10,000 shapes; a screen zoomed out to about 30 % (75 connectors).
    let big = sample::swimlane(10_000, 6, 2024);
    let mut group = c.benchmark_group("route_area");
    group.bench_function("10000", |b| {
        b.iter(|| procmod::route::route_area(black_box(&big), (4_000.0, 0.0, 8_192.0, 3_072.0), 200))
    });
    group.finish();
}

/// BPMN 2.0 both ways at 1,000 and 10,000 shapes: `bpmn::export` (what the Document view's
/// BPMN 2.0 and `procmod convert` write, routing included) and `bpmn::import` of a file
/// another tool wrote (the export with Procmod's marks taken out, so that places go through
/// the lane bands as for any tool's file).
fn bpmn(c: &mut Criterion) {
    let docs: Vec<_> = SIZES.iter().map(|&n| (n, sample::swimlane(n, 6, 2024))).collect();
    let mut group = c.benchmark_group("bpmn_export");
    group.sample_size(10);
    for (n, doc) in &docs {
        group.bench_with_input(BenchmarkId::from_parameter(n), doc, |b, doc| {
            b.iter(|| procmod::bpmn::export(black_box(doc)).unwrap())
        });
    }
    group.finish();
    let mut group = c.benchmark_group("bpmn_import");
    group.sample_size(10);
    for (n, doc) in &docs {
        let foreign = procmod::bpmn::export(doc).unwrap().replace("exporter=\"Procmod\"", "exporter=\"Other\"");
        group.bench_with_input(BenchmarkId::from_parameter(n), &foreign, |b, xml| {
            b.iter(|| procmod::bpmn::import(black_box(xml), "bench").unwrap())
        });
    }
    group.finish();
}

/// Simulation (`metrics::simulate`, what `procmod simulate` and the app's Simulate panel run):
/// 10,000 cases of a 50-activity flow with decisions, rework loops and parallel blocks
/// (`sample::swimlane(50, …)`), each case on its own, and with cases arriving so that the
/// busiest lane is 70 % busy (queueing for its people). The target: 60 ms natively.
fn simulation(c: &mut Criterion) {
    let mut doc = sample::swimlane(50, 6, 2024);
    doc.settings.arrivals_per_day = None;
    let mut group = c.benchmark_group("simulate");
    group.sample_size(20);
    group.bench_function("independent/10000", |b| {
        b.iter(|| metrics::simulate(black_box(&doc), 10_000, 1, &mut |_| true).unwrap())
    });
    // One case a day first, to read each lane's utilisation per case; then as many as keep
    // the busiest lane 70 % busy.
    let mut queueing = doc.clone();
    queueing.settings.arrivals_per_day = Some(1.0);
    let m = metrics::swimlane(&queueing).unwrap();
    let busiest = m.lanes.iter().filter_map(|l| l.utilisation).fold(0.0, f64::max);
    queueing.settings.arrivals_per_day = Some(0.7 / busiest);
    group.bench_function("queueing/10000", |b| {
        b.iter(|| metrics::simulate(black_box(&queueing), 10_000, 1, &mut |_| true).unwrap())
    });
    group.finish();
}

/// Live co-editing at 1,000 and 10,000 shapes: one shared edit end to end, as the app makes it
/// (through `live::port`: the step as a delta to the replica, the room's change back as one),
/// and joining a room.
fn live(c: &mut Criterion) {
    use procmod::live::port::{Host, Remote};
    let clock = || 0u64;
    let docs: Vec<_> = SIZES.iter().map(|&n| (n, sample::swimlane(n, 6, 2024))).collect();
    let mut group = c.benchmark_group("live_edit");
    for (n, doc) in &docs {
        let shared = std::rc::Rc::new(doc.clone());
        let mut a = Remote::new(Box::new(Host::new(1, clock)));
        a.seed(&shared).expect("the document goes in");
        let mut b = Remote::new(Box::new(Host::new(2, clock)));
        b.restore(&a.state()).expect("the state applies");
        b.base(&shared).expect("the document goes in");
        let mut theirs = std::rc::Rc::new(doc.clone());
        if let Some(taken) = b.patch(&theirs) {
            theirs = std::rc::Rc::new(taken.expect("the room reads").doc);
        }
        let _ = a.outgoing();
        let mut editor = Editor::new(doc.clone());
        let id = doc.nodes[doc.nodes.len() / 2].id.clone();
        editor.dispatch(Action::Select(vec![id])).expect("the shape exists");
        let mut step = 10.0;
        group.bench_with_input(BenchmarkId::from_parameter(n), n, |bench, _| {
            bench.iter(|| {
                step = -step;
                editor.dispatch(Action::Nudge { dx: step, dy: 0.0 }).expect("a nudge applies");
                a.record(&editor.doc).expect("the step goes in");
                for frame in a.outgoing() {
                    b.receive(&frame).expect("the frame applies");
                }
                if let Some(taken) = b.patch(&theirs) {
                    theirs = std::rc::Rc::new(taken.expect("the room reads").doc);
                }
            })
        });
        black_box(&theirs);
    }
    group.finish();
    let mut group = c.benchmark_group("live_join");
    group.sample_size(10);
    for (n, doc) in &docs {
        let mut a = Remote::new(Box::new(Host::new(1, clock)));
        a.seed(&std::rc::Rc::new(doc.clone())).expect("the document goes in");
        let state = a.state();
        // As the app joins: the room's state into a new replica, read into the placeholder
        // document, and the whole document back as one step.
        group.bench_with_input(BenchmarkId::from_parameter(n), &state, |bench, state| {
            bench.iter(|| {
                let placeholder =
                    std::rc::Rc::new(procmod::model::Document::new(procmod::model::Kind::Swimlane, "room"));
                let mut b = Remote::new(Box::new(Host::new(2, clock)));
                b.restore(black_box(state)).expect("the state applies");
                b.base(&placeholder).expect("the placeholder goes in");
                b.patch(&placeholder).expect("the room has a document").expect("the room reads").doc
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analysis, editing, pictures, bpmn, simulation, live);
criterion_main!(benches);
