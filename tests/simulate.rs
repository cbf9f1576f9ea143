//! Simulation against the answers queueing theory knows (M/M/1, M/M/c by Erlang C, M/D/1 by
//! Pollaczek–Khinchine, Little's law) and against the exact expected cycle time of every
//! fixture and template when cases do not queue.
//!
//! Tolerances: every check allows four standard errors of its estimate at the number of cases
//! run, so a failure means a wrong engine, not bad luck (a 4σ miss happens once in 16,000
//! runs; the seeds are fixed, so each check runs the same every time). Where cases queue they
//! are not independent, and the standard error was measured: the spread of the estimate over
//! 16 to 20 runs with other seeds (figures in each test). Where they do not queue, it is
//! estimated from two independent half runs.

use procmod::metrics::{self, Simulation};
use procmod::model::{Dist, Document, Edge, Kind, Lane, Node, NodeType};

/// start → one step (in lane "L" of `people`, duration mean `work` drawn from `dist`) → end,
/// cases arriving `per_hour` (an 8-hour day, times in hours).
fn one_step(work: f64, dist: Option<Dist>, people: f64, per_hour: Option<f64>) -> Document {
    let mut doc = Document::new(Kind::Swimlane, "queue");
    let mut lane = Lane::new("L", "Clerks");
    lane.capacity = Some(people);
    doc.lanes.push(lane);
    doc.settings.hours_per_day = Some(8.0);
    doc.settings.arrivals_per_day = per_hour.map(|r| r * 8.0);
    let mut task = Node::new("t", NodeType::Task, "Serve", 100.0, 40.0);
    task.lane = Some("L".into());
    task.work = work;
    task.dist = dist;
    doc.nodes = vec![
        Node::new("s", NodeType::Start, "", 20.0, 50.0).into(),
        task.into(),
        Node::new("e", NodeType::End, "", 300.0, 50.0).into(),
    ];
    doc.edges = vec![Edge::new("a", "s", "t").into(), Edge::new("b", "t", "e").into()];
    doc
}

fn run(doc: &Document, cases: usize, seed: u64) -> Simulation {
    metrics::simulate(doc, cases, seed, &mut |_| true).unwrap()
}

fn close(found: f64, expected: f64, tolerance: f64, what: &str) {
    assert!((found - expected).abs() <= tolerance, "{what}: {found} is not within {tolerance} of {expected}");
}

#[test]
fn m_m_1_matches_the_textbook() {
    // λ = 3/h, exponential work of mean 0.2 h, one person: ρ = 0.6, Wq = 0.3 h, W = 0.5 h,
    // the cycle time exponential with rate 2/h. At 200,000 cases the estimates' standard
    // errors were 0.0051 h (mean), 0.0047 h (wait), 0.013 h (p90).
    let doc = one_step(0.2, Some(Dist::Exponential), 1.0, Some(3.0));
    let sim = run(&doc, 200_000, 11);
    close(sim.cycle_time.mean, 0.5, 0.021, "mean cycle time");
    close(sim.queue_wait["t"], 0.3, 0.019, "mean wait");
    close(sim.utilisation["L"], 0.6, 0.01, "utilisation");
    close(sim.cycle_time.p50, std::f64::consts::LN_2 / 2.0, 0.02, "p50");
    close(sim.cycle_time.p90, 10f64.ln() / 2.0, 0.051, "p90");
    // Little's law: work in process = arrival rate × mean cycle time.
    close(sim.wip.unwrap(), 3.0 * sim.cycle_time.mean, 0.02 * 1.5, "Little's law");
    close(sim.queue["L"], 3.0 * sim.queue_wait["t"], 0.02, "Little's law for the queue");
}

#[test]
fn m_m_c_matches_erlang_c() {
    // c = 10 people, offered load 8 (λ = 8/h, mean work 1 h): P(wait) = 0.40918, so the mean
    // wait is 0.40918 / (c·μ − λ) = 0.2046 h. At 1,000,000 cases the standard errors were
    // 0.0026 for P(wait) (16 seeds: mean 0.4103) and 0.0034 h for the mean wait (20 seeds:
    // mean 0.2051).
    let doc = one_step(1.0, Some(Dist::Exponential), 10.0, Some(8.0));
    let sim = run(&doc, 1_000_000, 5);
    close(sim.waiting_share["t"], 0.40918, 0.0104, "probability of waiting");
    close(sim.queue_wait["t"], 0.2046, 0.014, "mean wait");
    close(sim.utilisation["L"], 0.8, 0.01, "utilisation");
}

#[test]
fn m_d_1_matches_pollaczek_khinchine() {
    // Fixed work 0.2 h at 3/h: Wq = ρ / (2μ(1 − ρ)) = 0.15 h. At 200,000 cases the mean
    // wait's standard error was 0.00082 h.
    let doc = one_step(0.2, None, 1.0, Some(3.0));
    let sim = run(&doc, 200_000, 3);
    close(sim.queue_wait["t"], 0.15, 0.0033, "mean wait");
    close(sim.cycle_time.mean, 0.35, 0.0033, "mean cycle time");
}

/// An estimate of the standard error of the mean cycle time at `cases` independent cases:
/// two independent half runs' means differ by 2σ/√n in root mean square.
fn standard_error(doc: &Document, cases: usize, seed: u64) -> f64 {
    let a = run(doc, cases / 2, seed + 1).cycle_time.mean;
    let b = run(doc, cases / 2, seed + 2).cycle_time.mean;
    (a - b).abs() / 2.0
}

#[test]
fn without_arrivals_the_mean_is_the_exact_expected_cycle_time() {
    let mut docs: Vec<(String, Document)> = Vec::new();
    for f in ["purchasing", "rework-loop", "dumas-decision", "dumas-parallel"] {
        let text = std::fs::read_to_string(format!("tests/fixtures/{f}.json")).unwrap();
        let mut doc = procmod::io::load(&text).unwrap();
        doc.settings.arrivals_per_day = None;
        docs.push((f.into(), doc));
    }
    for t in procmod::templates::ALL.iter().filter(|t| t.kind == Kind::Swimlane) {
        let mut doc = t.document(procmod::i18n::Lang::En).unwrap();
        doc.settings.arrivals_per_day = None;
        docs.push((t.id.into(), doc));
    }
    for (name, doc) in docs {
        let exact = metrics::swimlane(&doc).unwrap().cycle_time;
        let sim = run(&doc, 100_000, 17);
        assert!(sim.utilisation.is_empty() && sim.wip.is_none(), "{name}: no queueing");
        // The times of one case are fixed; only the ways taken vary. Four standard errors (one
        // pair of half runs is a rough estimate of it, so never below 0.1 % of the longest case).
        let error = standard_error(&doc, 100_000, 17);
        let tolerance = 4.0 * error.max(sim.cycle_time.max * 1e-3) + 1e-9;
        close(sim.cycle_time.mean, exact, tolerance, &name);
    }
}

#[test]
fn every_distribution_keeps_the_mean_it_is_given() {
    let dists = [
        None,
        Some(Dist::Exponential),
        Some(Dist::Normal { sd: 0.5 }),
        Some(Dist::Lognormal { sd: 1.5 }),
        Some(Dist::Triangular { min: 0.5, max: 3.0 }),
        Some(Dist::Uniform { min: 1.0, max: 3.0 }),
    ];
    for dist in dists {
        let doc = one_step(2.0, dist, 1.0, None);
        let sim = run(&doc, 200_000, 23);
        // The largest spread here is the log-normal's (σ = 1.5): 4σ/√n = 0.013.
        close(sim.cycle_time.mean, 2.0, 0.02, &format!("{dist:?}"));
        if let Some(Dist::Triangular { min, max } | Dist::Uniform { min, max }) = dist {
            assert!(sim.cycle_time.max <= max && sim.cycle_time.p50 >= min, "{dist:?}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_figures_and_another_seed_others() {
    let doc = one_step(0.2, Some(Dist::Exponential), 1.0, Some(3.0));
    let a = run(&doc, 5_000, 42);
    assert_eq!(a, run(&doc, 5_000, 42));
    assert_ne!(a.cycle_time, run(&doc, 5_000, 43).cycle_time);
    assert_eq!(a.histogram.counts.iter().sum::<u32>(), 5_000);
}

#[test]
fn a_flow_the_analysis_refuses_is_refused() {
    let mut doc = one_step(1.0, None, 1.0, None);
    doc.edges.pop();
    assert!(metrics::simulate(&doc, 10, 1, &mut |_| true).is_err());
}

#[test]
fn parallel_branches_that_vary_take_their_expected_longest_time() {
    // A parallel block: one branch takes 1 h or 3 h (even odds), the other 2 h. The analysis
    // counts the longest expected branch (2 h); the simulated cases wait for the branch that
    // is longest each time: E[max] = ½·2 + ½·3 = 2.5 h.
    let task = |id: &str, w: f64| {
        let mut n = Node::new(id, NodeType::Task, id, 0.0, 0.0);
        n.work = w;
        n.into()
    };
    let node = |id: &str, kind| Node::new(id, kind, "", 0.0, 0.0).into();
    let mut doc = Document::new(Kind::Swimlane, "parallel");
    doc.nodes = vec![
        node("s", NodeType::Start),
        node("split", NodeType::Parallel),
        node("d", NodeType::Decision),
        task("short", 1.0),
        task("long", 3.0),
        node("m", NodeType::Decision),
        task("other", 2.0),
        node("join", NodeType::Parallel),
        node("e", NodeType::End),
    ];
    let ways = [
        ("s", "split"),
        ("split", "d"),
        ("d", "short"),
        ("d", "long"),
        ("short", "m"),
        ("long", "m"),
        ("m", "join"),
        ("split", "other"),
        ("other", "join"),
        ("join", "e"),
    ];
    doc.edges = ways.iter().enumerate().map(|(k, (a, b))| Edge::new(format!("w{k}"), *a, *b).into()).collect();
    assert_eq!(metrics::swimlane(&doc).unwrap().cycle_time, 2.0);
    // Each case takes 2 h or 3 h: the mean's standard error at 100,000 cases is 0.0016 h.
    let sim = run(&doc, 100_000, 9);
    close(sim.cycle_time.mean, 2.5, 0.0064, "E[max]");
    assert!([2.0, 3.0].contains(&sim.cycle_time.p50));
    assert_eq!((sim.cycle_time.p90, sim.cycle_time.max), (3.0, 3.0));
}
