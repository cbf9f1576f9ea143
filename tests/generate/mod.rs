//! Generators shared by the property tests: documents of every kind with every kind of damage
//! that `io::load` lets through, and user intents resolved against the document at hand into
//! the actions the UI sends.

#![allow(dead_code)]

use procmod::command::Target;
use procmod::editor::sipoc::Edit;
use procmod::editor::{Action, DocField, EdgeField, LaneField, NodeField};
use procmod::model::{
    ArrowKind, Document, Edge, Kind, Lane, Node, NodeType, Orientation, Settings, TimeUnit, ValueClass,
};
use proptest::prelude::*;

// ----- documents ---------------------------------------------------------------------------------

/// A number as people and files give them: whole, fractional (with binary rounding), tiny, large.
pub fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..500).prop_map(f64::from),
        (0u32..1000).prop_map(|n| n as f64 / 10.0 + 0.1 + 0.2),
        Just(1e-9),
        Just(123_456_789.125),
        (0u32..100).prop_map(|n| n as f64 / 3.0),
    ]
}

pub fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![(0u32..=100).prop_map(|n| n as f64 / 100.0), Just(1.0 / 3.0), Just(0.0), Just(1.0)]
}

/// An id as files have them: short, long, Chinese, with spaces inside.
pub fn id_text(prefix: &'static str, i: usize, style: u8) -> String {
    match style % 4 {
        0 => format!("{prefix}{i}"),
        1 => format!("{prefix}-{i}-长编号"),
        2 => format!("{prefix} {i}"),
        _ => format!("{prefix}{}", i + 1),
    }
}

#[derive(Clone, Debug)]
pub struct Shape {
    kind: usize,
    lane: u8,
    x: f64,
    y: f64,
    size: Option<(f64, f64)>,
    work: f64,
    wait: f64,
    label: u8,
    extra: (Option<f64>, Option<f64>, Option<f64>),
}

pub fn shape() -> impl Strategy<Value = Shape> {
    (
        0usize..8,
        0u8..8,
        (-200i32..1500).prop_map(f64::from),
        (-50i32..700).prop_map(|v| v as f64 + 0.5),
        proptest::option::of((number(), number())),
        number(),
        number(),
        0u8..4,
        (proptest::option::of(number()), proptest::option::of(fraction()), proptest::option::of(number())),
    )
        .prop_map(|(kind, lane, x, y, size, work, wait, label, extra)| Shape {
            kind,
            lane,
            x,
            y,
            size,
            work,
            wait,
            label,
            extra,
        })
}

/// A document of any kind with whatever damage loading allows: lanes no shape uses and shapes in
/// lanes the file never declares, shapes with no connector, self-loops, repeated connectors,
/// probabilities that do not add up, zero sizes, awkward ids and labels.
pub fn document() -> impl Strategy<Value = Document> {
    (
        0usize..3,
        0usize..4,
        proptest::collection::vec(shape(), 0..12),
        proptest::collection::vec(
            (0usize..16, 0usize..16, proptest::option::of(fraction()), proptest::option::of(number()), 0u8..7),
            0..18,
        ),
        0u8..4,
        (proptest::option::of(number()), proptest::option::of(number()), any::<bool>(), 0usize..4),
    )
        .prop_map(|(kind, lanes, shapes, links, style, (handoff, arrivals, vertical, unit))| {
            let kind = [Kind::Swimlane, Kind::Sipoc, Kind::Vsm][kind];
            let mut doc = Document::new(kind, "采购流程 Purchase");
            doc.time_unit = [TimeUnit::Hours, TimeUnit::Minutes, TimeUnit::Days, TimeUnit::Seconds][unit];
            doc.settings = Settings {
                handoff_time: handoff,
                arrivals_per_day: arrivals,
                demand_per_day: arrivals,
                available_seconds_per_day: handoff.map(|h| h * 1000.0),
                orientation: if vertical { Orientation::Vertical } else { Orientation::Horizontal },
                ..Settings::default()
            };
            for i in 0..lanes {
                let mut lane = Lane::new(id_text("lane", i + 1, style), ["采购员", "", "Finance 财务", " x "][i % 4]);
                if i == 2 {
                    lane.capacity = Some(2.0);
                    lane.size = Some(90.0);
                }
                doc.lanes.push(lane);
            }
            let types = kind.node_types();
            for (i, s) in shapes.iter().enumerate() {
                let t = types[s.kind % types.len()];
                let label = ["", "审批 Approve", "  ", "Prepare quote 报价"][s.label as usize];
                let mut n = Node::new(id_text("n", i, style), t, label, s.x, s.y);
                if let Some((w, h)) = s.size {
                    (n.w, n.h) = (w, h);
                }
                n.lane = match s.lane {
                    0 | 1 if !doc.lanes.is_empty() => Some(doc.lanes[s.lane as usize % doc.lanes.len()].id.clone()),
                    2 => Some("ghost".into()),
                    3 => Some(id_text("lane", 9, style)),
                    _ => None,
                };
                if kind == Kind::Swimlane {
                    (n.work, n.wait) = (s.work, s.wait);
                    n.value = [None, Some(ValueClass::Va), Some(ValueClass::Nva)][s.label as usize % 3];
                }
                if kind == Kind::Vsm {
                    n.cycle_time = s.extra.0;
                    n.pca = s.extra.1;
                    n.quantity = s.extra.2;
                }
                doc.nodes.push(n.into());
            }
            for (i, &(a, b, p, t, flow)) in links.iter().enumerate() {
                if doc.nodes.is_empty() {
                    break;
                }
                let (from, to) = (doc.nodes[a % doc.nodes.len()].id.clone(), doc.nodes[b % doc.nodes.len()].id.clone());
                let mut e = Edge::new(id_text("e", i, style), from, to);
                e.probability = p;
                e.transfer = t;
                if kind == Kind::Vsm {
                    e.flow = [
                        None,
                        Some(ArrowKind::Push),
                        Some(ArrowKind::Pull),
                        Some(ArrowKind::Fifo),
                        Some(ArrowKind::Info),
                        Some(ArrowKind::InfoElectronic),
                        Some(ArrowKind::Shipment),
                    ][flow as usize];
                }
                e.label = ["", "通过", "No"][flow as usize % 3].into();
                doc.edges.push(e.into());
            }
            doc
        })
}

// ----- actions -----------------------------------------------------------------------------------

/// An action with its targets given as positions, resolved against the document as it is when
/// the action runs (ids change as the user edits).
#[derive(Clone, Debug)]
pub enum Intent {
    Select(Vec<usize>),
    Toggle(usize),
    SelectAll,
    Clear,
    Area((f64, f64), (f64, f64)),
    Add(usize, (f64, f64)),
    AddNext(usize),
    Connect(usize, usize),
    Drop(Vec<usize>, f64, f64),
    Nudge(f64, f64),
    Resize(usize, f64, f64),
    Delete,
    Copy,
    Paste(Option<(f64, f64)>),
    Duplicate,
    Rename(usize, u8),
    Field(usize, u8, f64),
    EdgeField(usize, u8, f64),
    LaneField(usize, u8, f64),
    DocField(u8, f64),
    AddLane,
    RemoveLane(usize),
    MoveLane(usize, usize),
    ResizeLane(usize, f64),
    Board(u8, usize, usize),
    Undo,
    Redo,
    Tidy,
    /// A step-table cell typed in (row, column, which text) or a row appended (role).
    Cell(usize, u8, u8),
    Row(u8),
    Reshape(usize, f64),
    Align(u8),
    Distribute(bool),
}

pub fn point() -> impl Strategy<Value = (f64, f64)> {
    ((-100i32..1400).prop_map(|v| v as f64 + 0.3), (-100i32..700).prop_map(f64::from))
}

pub fn intent() -> impl Strategy<Value = Intent> {
    let small = -3.0f64..3.0;
    prop_oneof![
        1 => proptest::collection::vec(0usize..40, 0..4).prop_map(Intent::Select),
        1 => (0usize..40).prop_map(Intent::Toggle),
        1 => Just(Intent::SelectAll),
        1 => Just(Intent::Clear),
        1 => (point(), point()).prop_map(|(a, b)| Intent::Area(a, b)),
        3 => (0usize..8, point()).prop_map(|(k, p)| Intent::Add(k, p)),
        2 => (0usize..8).prop_map(Intent::AddNext),
        3 => (0usize..40, 0usize..40).prop_map(|(a, b)| Intent::Connect(a, b)),
        1 => (proptest::collection::vec(0usize..40, 1..3), -300.0f64..300.0, -300.0f64..300.0)
            .prop_map(|(ids, dx, dy)| Intent::Drop(ids, dx, dy)),
        1 => (small.clone(), small).prop_map(|(a, b)| Intent::Nudge(a * 10.0, b * 10.0)),
        1 => (0usize..40, -50.0f64..300.0, -50.0f64..300.0).prop_map(|(i, w, h)| Intent::Resize(i, w, h)),
        1 => Just(Intent::Delete),
        1 => Just(Intent::Copy),
        1 => proptest::option::of(point()).prop_map(Intent::Paste),
        1 => Just(Intent::Duplicate),
        1 => (0usize..60, 0u8..4).prop_map(|(i, l)| Intent::Rename(i, l)),
        3 => (0usize..40, 0u8..17, -1.0f64..50.0).prop_map(|(i, f, v)| Intent::Field(i, f, v)),
        1 => (0usize..40, 0u8..3, -0.5f64..2.0).prop_map(|(i, f, v)| Intent::EdgeField(i, f, v)),
        1 => (0usize..8, 0u8..2, -1.0f64..5.0).prop_map(|(i, f, v)| Intent::LaneField(i, f, v)),
        1 => (0u8..16, -1.0f64..20.0).prop_map(|(f, v)| Intent::DocField(f, v)),
        1 => Just(Intent::AddLane),
        1 => (0usize..8).prop_map(Intent::RemoveLane),
        1 => (0usize..8, 0usize..8).prop_map(|(a, b)| Intent::MoveLane(a, b)),
        1 => (0usize..8, -100.0f64..400.0).prop_map(|(i, s)| Intent::ResizeLane(i, s)),
        3 => (0u8..4, 0usize..40, 0usize..40).prop_map(|(op, a, b)| Intent::Board(op, a, b)),
        3 => Just(Intent::Undo),
        2 => Just(Intent::Redo),
        1 => Just(Intent::Tidy),
        2 => (0usize..12, 0u8..10, 0u8..6).prop_map(|(r, c, t)| Intent::Cell(r, c, t)),
        1 => (0u8..4).prop_map(Intent::Row),
        2 => (0usize..40, -200.0f64..200.0).prop_map(|(i, d)| Intent::Reshape(i, d)),
        1 => (0u8..6).prop_map(Intent::Align),
        1 => proptest::bool::ANY.prop_map(Intent::Distribute),
    ]
}

/// Ids of every element, so that a position picks one (nodes, then edges, then lanes); a
/// position past the end names nothing, as a stale id from the UI would.
pub fn pick(doc: &Document, i: usize) -> String {
    let ids: Vec<&String> = doc
        .nodes
        .iter()
        .map(|n| &n.id)
        .chain(doc.edges.iter().map(|e| &e.id))
        .chain(doc.lanes.iter().map(|l| &l.id))
        .collect();
    ids.get(i).map(|s| s.to_string()).unwrap_or_else(|| "missing".into())
}

pub fn node_id(doc: &Document, i: usize) -> String {
    doc.nodes.get(i % doc.nodes.len().max(1)).map(|n| n.id.clone()).unwrap_or_else(|| "missing".into())
}

pub fn opt(v: f64) -> Option<f64> {
    (!(-0.9..0.0).contains(&v)).then_some(v)
}

pub fn resolve(doc: &Document, intent: &Intent) -> Action {
    let types = doc.kind.node_types();
    match intent.clone() {
        Intent::Select(ids) => Action::Select(ids.iter().map(|&i| pick(doc, i)).collect()),
        Intent::Toggle(i) => Action::ToggleSelect(pick(doc, i)),
        Intent::SelectAll => Action::SelectAll,
        Intent::Clear => Action::ClearSelection,
        Intent::Area(a, b) => Action::SelectArea(a, b),
        Intent::Add(k, at) => Action::AddShape { kind: types[k % types.len()], at },
        Intent::AddNext(k) => Action::AddShapeNext { kind: types[k % types.len()], fallback: (400.0, 300.0) },
        Intent::Connect(a, b) => Action::Connect { from: node_id(doc, a), to: node_id(doc, b) },
        Intent::Drop(ids, dx, dy) => Action::Drop { ids: ids.iter().map(|&i| node_id(doc, i)).collect(), dx, dy },
        Intent::Nudge(dx, dy) => Action::Nudge { dx, dy },
        Intent::Resize(i, w, h) => Action::Resize { id: node_id(doc, i), w, h },
        Intent::Delete => Action::Delete,
        Intent::Copy => Action::Copy,
        Intent::Paste(at) => Action::Paste { at },
        Intent::Duplicate => Action::Duplicate,
        Intent::Rename(i, l) => {
            let id = pick(doc, i);
            let target = if doc.edge(&id).is_some() {
                Target::Edge(id)
            } else if doc.lane(&id).is_some() {
                Target::Lane(id)
            } else {
                Target::Node(id)
            };
            Action::Rename { target, text: ["", " 新名称 ", "Approve? 审批", "x"][l as usize].into() }
        }
        Intent::Field(i, f, v) => {
            let field = match f {
                0 => NodeField::Work(v),
                1 => NodeField::Wait(v),
                2 => NodeField::Value([None, Some(ValueClass::Va), Some(ValueClass::Bva)][(v.abs() as usize) % 3]),
                3 => NodeField::ControlPoint(v > 10.0),
                4 => NodeField::System(" SAP ".into()),
                5 => NodeField::Notes("备注\nline".into()),
                6 => NodeField::Link(Some(" doc2 ".into())),
                7 => NodeField::CycleTime(opt(v)),
                8 => NodeField::Changeover(opt(v)),
                9 => NodeField::Uptime(opt(v / 40.0)),
                10 => NodeField::Pca(opt(v / 40.0)),
                11 => NodeField::Operators(opt(v)),
                12 => NodeField::Shifts(opt(v)),
                13 => NodeField::Quantity(opt(v)),
                14 => NodeField::Days(opt(v)),
                15 => NodeField::Lane(doc.lanes.get(v.abs() as usize % 3).map(|l| l.id.clone())),
                _ => NodeField::Lane(Some("ghost".into())),
            };
            Action::SetNode { id: node_id(doc, i), field }
        }
        Intent::EdgeField(i, f, v) => {
            let id = doc.edges.get(i % doc.edges.len().max(1)).map(|e| e.id.clone()).unwrap_or_default();
            let field = match f {
                0 => EdgeField::Probability(opt(v)),
                1 => EdgeField::Transfer(opt(v)),
                _ => EdgeField::Arrow(Some(ArrowKind::Pull)),
            };
            Action::SetEdge { id, field }
        }
        Intent::LaneField(i, f, v) => {
            let id = doc.lanes.get(i % doc.lanes.len().max(1)).map(|l| l.id.clone()).unwrap_or_default();
            let field = if f == 0 { LaneField::Capacity(opt(v)) } else { LaneField::Name(" 仓管员 ".into()) };
            Action::SetLane { id, field }
        }
        Intent::DocField(f, v) => Action::SetDoc(match f {
            0 => DocField::TimeUnit(
                [TimeUnit::Seconds, TimeUnit::Minutes, TimeUnit::Hours, TimeUnit::Days][v.abs() as usize % 4],
            ),
            1 => DocField::Orientation(if v > 5.0 { Orientation::Vertical } else { Orientation::Horizontal }),
            2 => DocField::HandoffTime(opt(v)),
            3 => DocField::ArrivalsPerDay(opt(v)),
            4 => DocField::HoursPerDay(opt(v)),
            5 => DocField::DemandPerDay(opt(v)),
            6 => DocField::ShiftsPerDay(opt(v)),
            7 => DocField::HoursPerShift(opt(v)),
            8 => DocField::BreakMinutesPerShift(opt(v)),
            9 => DocField::Title(" 新标题 ".into()),
            10 => DocField::Level("L4".into()),
            11 => DocField::Owner("张三".into()),
            12 => DocField::Author("李四".into()),
            13 => DocField::Reviewer("王五".into()),
            14 => DocField::Approver("赵六".into()),
            _ => DocField::Revision("V1.1".into()),
        }),
        Intent::AddLane => Action::AddLane { name: " 泳道 ".into() },
        Intent::RemoveLane(i) => {
            Action::RemoveLane(doc.lanes.get(i % doc.lanes.len().max(1)).map(|l| l.id.clone()).unwrap_or_default())
        }
        Intent::MoveLane(i, to) => Action::MoveLane {
            id: doc.lanes.get(i % doc.lanes.len().max(1)).map(|l| l.id.clone()).unwrap_or_default(),
            to,
        },
        Intent::ResizeLane(i, size) => Action::ResizeLane {
            id: doc.lanes.get(i % doc.lanes.len().max(1)).map(|l| l.id.clone()).unwrap_or_default(),
            size,
        },
        Intent::Board(op, a, b) => Action::Board(match op {
            0 => Edit::Add {
                kind: [NodeType::Supplier, NodeType::Input, NodeType::Step, NodeType::Output, NodeType::Customer]
                    [a % 5],
                at: b % 6,
                label: "订单".into(),
            },
            1 => Edit::Remove(vec![node_id(doc, a)]),
            2 => Edit::Reorder { id: node_id(doc, a), to: b % 6 },
            _ => Edit::ToggleLink(node_id(doc, a), node_id(doc, b)),
        }),
        Intent::Undo => Action::Undo,
        Intent::Tidy => Action::TidyUp,
        Intent::Cell(row, column, text) => {
            use procmod::editor::table::{Column, TableEdit};
            let steps = procmod::report::steps(doc);
            let id = steps.get(row).map(|s| s.id.clone()).unwrap_or_else(|| node_id(doc, row));
            let column = Column::ALL[column as usize % Column::ALL.len()];
            let text =
                ["", "2", "1 (是 80%); end (否 20%)", "新角色", "va", "x; 3; end"][text as usize % 6].to_string();
            Action::Table(TableEdit::Set { id, column, text })
        }
        Intent::Row(role) => Action::Table(procmod::editor::table::TableEdit::Append {
            activity: "审批".into(),
            role: ["采购员", "", "财务", "新角色"][role as usize % 4].into(),
        }),
        Intent::Reshape(i, d) => {
            // A connector given a detour between its shapes' centres (or reset when d is small).
            let edge = doc.edges.get(i % doc.edges.len().max(1));
            let id = edge.map(|e| e.id.clone()).unwrap_or_else(|| "missing".into());
            let centre = |n: &str| doc.node(n).map(|n| n.center()).unwrap_or((0.0, 0.0));
            let points = match edge {
                Some(e) if d.abs() > 20.0 => {
                    let (a, b) = (centre(&e.from), centre(&e.to));
                    let straight = vec![a, b];
                    procmod::route::drag_segment(&straight, 0, d)
                }
                _ => vec![],
            };
            Action::Reshape { id, points }
        }
        Intent::Align(k) => {
            use procmod::editor::arrange::Align::*;
            Action::Align([Left, Centre, Right, Top, Middle, Bottom][k as usize % 6])
        }
        Intent::Distribute(h) => Action::Distribute(if h {
            procmod::editor::arrange::Axis::Horizontal
        } else {
            procmod::editor::arrange::Axis::Vertical
        }),
        Intent::Redo => Action::Redo,
    }
}
