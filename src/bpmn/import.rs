//! Reading BPMN 2.0 XML as written by bpmn-js and Camunda Modeler, Signavio, Bizagi, ARIS,
//! Trisotech, Yaoqiang and others: pools and their (leaf) lanes, every task type, events
//! (intermediate and boundary ones as `event` shapes with their trigger), gateways, sequence and
//! message flows with names and conditions, data objects with their associations, sub-processes
//! (one with content becomes a diagram one level down), text annotations (as the notes of what
//! they annotate); the places from the diagram interchange, or Tidy up where it is missing.
//! What Procmod has no place for is listed in the import's summary, never dropped unsaid.
//!
//! A file Procmod wrote reads back as the document it was written from: its own fields come
//! from its extension namespace (`urn:procmod:bpmn:1`), its places as they were.

use super::{BPSIM_NS, PROCMOD_NS};
use crate::editor::layout::{LANE_HEADER, MIN_LANE_SIZE};
use crate::message::{Arg, Message};
use crate::model::{
    parse_list, ArrowKind, Document, Edge, Kind, Lane, Meta, Node, NodeType, Orientation, Settings, TimeUnit, Trigger,
    ValueClass,
};
use roxmltree::Node as X;
use std::collections::{HashMap, HashSet};

const MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const DI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const OMG_DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
/// Width of a BPMN lane's (or pool's) name band, which BPMN tools draw inside its bounds.
const NAME_BAND: f64 = 30.0;

/// Why a text could not be read as BPMN.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Not well-formed XML; 1-based line and column, and the parser's words.
    Syntax { line: u32, column: u32, detail: String },
    /// Well-formed XML whose root is not BPMN's `definitions` (the root's name as written).
    NotBpmn(String),
    /// A BPMN file without a process with something in it.
    Empty,
}

impl ImportError {
    pub fn message(&self) -> Message {
        match self {
            ImportError::Syntax { line, column, detail } => Message::new(
                "bpmn.syntax",
                vec![Arg::Count(*line as usize), Arg::Count(*column as usize), Arg::Text(detail.clone())],
            ),
            ImportError::NotBpmn(root) => Message::new("bpmn.not_bpmn", vec![Arg::Text(root.clone())]),
            ImportError::Empty => Message::plain("bpmn.empty"),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ImportError {}

/// One line of the import summary: what was not carried over as it was (a translation key
/// `bpmn.note.*`, with the BPMN element's name where it helps) and which elements.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub code: &'static str,
    /// The BPMN element type concerned (`userTask`, `inclusiveGateway` …), or empty.
    pub element: String,
    pub ids: Vec<String>,
}

impl Note {
    pub fn message(&self) -> Message {
        let listed: Vec<&str> = self.ids.iter().take(8).map(String::as_str).collect();
        let mut ids = listed.join(", ");
        if self.ids.len() > listed.len() {
            ids.push_str(&format!(" (+{})", self.ids.len() - listed.len()));
        }
        Message::new(self.code, vec![Arg::Count(self.ids.len()), Arg::Text(self.element.clone()), Arg::Text(ids)])
    }
}

/// What an import made: the main document, the diagrams one level down (sub-processes with
/// content, called processes; each named by a `link` of the main document or of another
/// one), and the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub document: Document,
    pub children: Vec<Document>,
    pub notes: Vec<Note>,
}

impl Imported {
    /// Every document, the main one first.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        std::iter::once(&self.document).chain(&self.children)
    }
}

fn is(x: &X, name: &str) -> bool {
    x.is_element() && x.tag_name().name() == name && x.tag_name().namespace() == Some(MODEL)
}

fn kids<'a, 'i>(x: X<'a, 'i>, name: &'static str) -> impl Iterator<Item = X<'a, 'i>> {
    x.children().filter(move |c| is(c, name))
}

fn number(x: &X, name: &str) -> Option<f64> {
    x.attribute(name)?.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The text inside an element's child (`sourceRef`, `flowNodeRef` …), trimmed.
fn child_text<'a>(x: X<'a, '_>, name: &'static str) -> Vec<&'a str> {
    kids(x, name).filter_map(|c| c.text()).map(str::trim).filter(|t| !t.is_empty()).collect()
}

/// Procmod's own element of this kind under an element's `extensionElements`.
fn procmod<'a, 'i>(x: X<'a, 'i>, name: &str) -> Option<X<'a, 'i>> {
    kids(x, "extensionElements")
        .flat_map(|e| e.children())
        .find(|c| c.is_element() && c.tag_name().namespace() == Some(PROCMOD_NS) && c.tag_name().name() == name)
}

/// A box of the diagram interchange.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bounds {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The diagram interchange of a file: shapes and edges by the element they draw.
#[derive(Default)]
struct Diagram {
    shapes: HashMap<String, Bounds>,
    /// The order the shapes are drawn in.
    shape_order: HashMap<String, usize>,
    /// `isHorizontal="false"` on some pool or lane: the lanes are columns.
    vertical: bool,
    /// Waypoints, and the order the edges are drawn in.
    edges: HashMap<String, (usize, Vec<(f64, f64)>)>,
}

fn diagram(root: X) -> Diagram {
    let mut d = Diagram::default();
    for x in root.descendants().filter(|x| x.is_element() && x.tag_name().namespace() == Some(DI)) {
        let Some(element) = x.attribute("bpmnElement") else { continue };
        match x.tag_name().name() {
            "BPMNShape" => {
                if x.attribute("isHorizontal") == Some("false") {
                    d.vertical = true;
                }
                let b = x.children().find(|c| c.is_element() && c.tag_name().name() == "Bounds");
                if let Some(b) = b.filter(|b| b.tag_name().namespace() == Some(DC)) {
                    if let (Some(x), Some(y), Some(w), Some(h)) =
                        (number(&b, "x"), number(&b, "y"), number(&b, "width"), number(&b, "height"))
                    {
                        d.shapes.entry(element.to_string()).or_insert(Bounds { x, y, w, h });
                        let order = d.shape_order.len();
                        d.shape_order.entry(element.to_string()).or_insert(order);
                    }
                }
            }
            "BPMNEdge" => {
                let points: Vec<(f64, f64)> = x
                    .children()
                    .filter(|c| c.is_element() && c.tag_name().name() == "waypoint")
                    .filter(|c| c.tag_name().namespace() == Some(OMG_DI))
                    .filter_map(|c| Some((number(&c, "x")?, number(&c, "y")?)))
                    .collect();
                let order = d.edges.len();
                d.edges.entry(element.to_string()).or_insert((order, points));
            }
            _ => {}
        }
    }
    d
}

/// A pool: a participant and its process (or a process on its own).
struct Pool<'a, 'i> {
    /// The participant's id, or the process's when there is none.
    id: String,
    name: String,
    process: X<'a, 'i>,
}

/// A leaf lane, with its place in the diagram interchange.
struct LaneAt {
    lane: Lane,
    bounds: Option<Bounds>,
}

/// The reader's state over one file.
struct Reader<'a, 'i> {
    ids: HashMap<&'a str, X<'a, 'i>>,
    di: Diagram,
    /// The file was written by Procmod: its places are the document's own.
    ours: bool,
    /// BPSim probabilities by element id.
    bpsim: HashMap<String, f64>,
    notes: Vec<Note>,
    children: Vec<Document>,
    /// Titles given to diagrams one level down, so that each is found by one link.
    titles: HashSet<String>,
    /// Processes made into diagrams of their own (called by call activities): id → title.
    called: HashMap<String, String>,
}

/// The document's own id of an element: Procmod's original when it had to be changed to be an
/// XML name, else the BPMN id.
fn own_id(x: &X, ext: Option<&X>) -> String {
    ext.and_then(|e| e.attribute("id")).or_else(|| x.attribute("id")).unwrap_or_default().to_string()
}

fn trigger_of<'a>(x: X<'a, '_>) -> (Option<Trigger>, Option<&'a str>) {
    for c in x.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(MODEL)) {
        let name = c.tag_name().name();
        let t = match name {
            "timerEventDefinition" => Some(Trigger::Timer),
            "messageEventDefinition" => Some(Trigger::Message),
            "signalEventDefinition" => Some(Trigger::Signal),
            "errorEventDefinition" => Some(Trigger::Error),
            "conditionalEventDefinition" => Some(Trigger::Conditional),
            n if n.ends_with("EventDefinition") => return (None, Some(name)),
            _ => continue,
        };
        return (t, None);
    }
    (None, None)
}

impl<'a, 'i> Reader<'a, 'i> {
    fn note(&mut self, code: &'static str, element: &str, id: &str) {
        match self.notes.iter_mut().find(|n| n.code == code && n.element == element) {
            Some(n) => n.ids.push(id.to_string()),
            None => self.notes.push(Note { code, element: element.to_string(), ids: vec![id.to_string()] }),
        }
    }

    /// Shapes and connectors in the order Procmod's diagram draws them (the document's own
    /// order); `prefix` is what their ids were written with.
    fn as_drawn(&self, doc: &mut Document, prefix: &str) {
        let edge = |e: &Edge| self.di.edges.get(&super::written_id(prefix, &e.id)).map_or(usize::MAX, |d| d.0);
        doc.edges.sort_by_key(|e| edge(e));
        let shape =
            |n: &Node| self.di.shape_order.get(&super::written_id(prefix, &n.id)).copied().unwrap_or(usize::MAX);
        doc.nodes.sort_by_key(|n| shape(n));
    }

    fn title(&mut self, wanted: &str, fallback: &str) -> String {
        let base = if wanted.trim().is_empty() { fallback.trim() } else { wanted.trim() }.to_string();
        let mut title = base.clone();
        let mut k = 2;
        while !self.titles.insert(title.clone()) {
            title = format!("{base} ({k})");
            k += 1;
        }
        title
    }

    /// The shapes and connectors of one container (a process or a sub-process) appended to
    /// `doc`; `lane_of` gives each flow node's lane.
    fn flow(
        &mut self,
        container: X<'a, 'i>,
        doc: &mut Document,
        lane_of: &HashMap<&str, String>,
        pending: Option<&mut Vec<X<'a, 'i>>>,
    ) {
        let first_node = doc.nodes.len();
        let mut annotations: Vec<(String, String)> = Vec::new();
        let mut associations: Vec<(String, String, String)> = Vec::new();
        let mut flows = Vec::new();
        for x in container.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(MODEL)) {
            let name = x.tag_name().name();
            let id = x.attribute("id").unwrap_or_default();
            let ext = procmod(x, "step");
            let kind = match name {
                "task" => NodeType::Task,
                "userTask" | "serviceTask" | "manualTask" | "scriptTask" | "businessRuleTask" | "sendTask"
                | "receiveTask" => {
                    self.note("bpmn.note.task_type", name, id);
                    NodeType::Task
                }
                "callActivity" | "subProcess" | "transaction" | "adHocSubProcess" => NodeType::Subprocess,
                "startEvent" => NodeType::Start,
                "endEvent" => NodeType::End,
                "intermediateCatchEvent" | "intermediateThrowEvent" | "boundaryEvent" => NodeType::Event,
                "exclusiveGateway" => NodeType::Decision,
                "parallelGateway" => NodeType::Parallel,
                "inclusiveGateway" | "eventBasedGateway" | "complexGateway" => {
                    self.note("bpmn.note.gateway", name, id);
                    NodeType::Decision
                }
                "dataObjectReference" | "dataStoreReference" => {
                    if name == "dataStoreReference" {
                        self.note("bpmn.note.data_store", name, id);
                    }
                    NodeType::Form
                }
                "sequenceFlow" => {
                    flows.push(x);
                    continue;
                }
                "textAnnotation" => {
                    let text = kids(x, "text").filter_map(|t| t.text()).collect::<Vec<_>>().join("\n");
                    annotations.push((id.to_string(), text.trim().to_string()));
                    continue;
                }
                "association" => {
                    if let (Some(a), Some(b)) = (x.attribute("sourceRef"), x.attribute("targetRef")) {
                        associations.push((id.to_string(), a.to_string(), b.to_string()));
                    }
                    continue;
                }
                "laneSet"
                | "dataObject"
                | "documentation"
                | "extensionElements"
                | "ioSpecification"
                | "property"
                | "auditing"
                | "monitoring"
                | "dataInputAssociation"
                | "dataOutputAssociation"
                | "incoming"
                | "outgoing"
                | "multiInstanceLoopCharacteristics"
                | "standardLoopCharacteristics"
                | "resourceRole"
                | "performer"
                | "humanPerformer"
                | "potentialOwner"
                | "supportedInterfaceRef"
                | "correlationSubscription"
                | "completionCondition"
                | "category" => continue,
                _ => {
                    self.note("bpmn.note.unsupported", name, id);
                    continue;
                }
            };
            let mut made: Option<String> = None;
            let own = own_id(&x, ext.as_ref());
            let own = if own.is_empty() { format!("{}_{}", kind.as_str(), doc.nodes.len() + 1) } else { own };
            // A data object reference without a name shows its data object's.
            let label = x.attribute("name").filter(|l| !l.trim().is_empty() || kind != NodeType::Form).or_else(|| {
                let object = self.ids.get(x.attribute("dataObjectRef")?)?;
                object.attribute("name")
            });
            let label = label.unwrap_or_default();
            let mut n = Node::new(own.clone(), kind, if self.ours { label } else { label.trim() }, 0.0, 0.0);
            n.lane = lane_of.get(id).cloned();
            if let Some(b) = self.di.shapes.get(id) {
                let (dw, dh) = kind.default_size();
                (n.x, n.y) = (b.x, b.y);
                // Procmod writes a size of a shape's own in its extension (read below).
                n.w = if b.w == dw || self.ours { 0.0 } else { b.w };
                n.h = if b.h == dh || self.ours { 0.0 } else { b.h };
            } else {
                n.w = -1.0; // No place: laid out afterwards.
            }
            match name {
                "startEvent" | "endEvent" => {
                    let (t, other) = trigger_of(x);
                    n.trigger = t;
                    if let Some(other) = other {
                        self.note("bpmn.note.trigger", other, id);
                    }
                }
                "intermediateCatchEvent" | "intermediateThrowEvent" | "boundaryEvent" => {
                    let (t, other) = trigger_of(x);
                    n.trigger = t;
                    if let Some(other) = other {
                        self.note("bpmn.note.trigger", other, id);
                    }
                    n.throw = name == "intermediateThrowEvent";
                    if name == "boundaryEvent" {
                        n.attached = x.attribute("attachedToRef").map(|host| {
                            self.ids.get(host).and_then(|h| own_or(h, procmod(*h, "step"))).unwrap_or(host.to_string())
                        });
                        n.non_interrupting = x.attribute("cancelActivity") == Some("false");
                    }
                }
                "callActivity" => {
                    if let Some(called) = x.attribute("calledElement").filter(|c| !c.is_empty()) {
                        n.link = Some(self.called.get(called).cloned().unwrap_or_else(|| called.to_string()));
                    }
                }
                "subProcess" | "transaction" | "adHocSubProcess" => {
                    if name != "subProcess" {
                        self.note("bpmn.note.subprocess_kind", name, id);
                    }
                    if x.attribute("triggeredByEvent") == Some("true") {
                        self.note("bpmn.note.event_subprocess", name, id);
                    }
                    let inner = x.children().any(|c| {
                        c.is_element()
                            && c.tag_name().namespace() == Some(MODEL)
                            && !matches!(
                                c.tag_name().name(),
                                "documentation"
                                    | "extensionElements"
                                    | "incoming"
                                    | "outgoing"
                                    | "ioSpecification"
                                    | "dataInputAssociation"
                                    | "dataOutputAssociation"
                                    | "multiInstanceLoopCharacteristics"
                                    | "standardLoopCharacteristics"
                                    | "property"
                            )
                    });
                    if inner {
                        let label = n.label.clone();
                        // Procmod's own diagram one level down keeps its title and fields.
                        let own_doc = procmod(x, "document");
                        let wanted = own_doc.and_then(|d| d.attribute("title")).unwrap_or(&label).to_string();
                        let title = self.title(&wanted, &own);
                        let mut child = Document::new(Kind::Swimlane, title.clone());
                        child.time_unit = doc.time_unit;
                        child.meta.parent_element = own.clone();
                        if let Some(d) = own_doc {
                            document_fields(&mut child, &d);
                            child.title = title.clone();
                        }
                        // Its lanes, or one lane named after the sub-process's.
                        let mut lanes: HashMap<&str, String> = HashMap::new();
                        let mut leaves = Vec::new();
                        for set in kids(x, "laneSet") {
                            leaf_lanes(set, "", self.ours, &mut leaves);
                        }
                        if leaves.is_empty() {
                            let lane_name = n
                                .lane
                                .as_deref()
                                .and_then(|l| doc.lanes.iter().find(|lane| lane.id == l))
                                .map(|l| l.name.clone())
                                .unwrap_or_else(|| label.clone());
                            let lane_id = format!("{own}_lane");
                            child.lanes.push(Lane::new(lane_id.clone(), lane_name));
                            lanes = x
                                .descendants()
                                .filter_map(|d| d.attribute("id"))
                                .map(|d| (d, lane_id.clone()))
                                .collect();
                        }
                        for (l, name) in leaves {
                            let lane = lane_of_set(l, name);
                            for node in child_text(l, "flowNodeRef") {
                                lanes.insert(node, lane.id.clone());
                            }
                            child.lanes.push(lane);
                        }
                        self.flow(x, &mut child, &lanes, None);
                        self.place(&mut child, &[]);
                        if self.ours {
                            self.as_drawn(&mut child, &format!("{id}_"));
                        }
                        self.children.push(child);
                        made = Some(title);
                    }
                }
                _ => {}
            }
            if let Some(e) = ext {
                step_fields(&mut n, &e);
            }
            // A sub-process's diagram one level down is found by its title.
            if let Some(title) = made.take() {
                n.link = Some(title);
            }
            doc.nodes.push(n.into());
            // Documents read and written: connectors between the document shape and the step.
            for (tag, reads) in [("dataInputAssociation", true), ("dataOutputAssociation", false)] {
                for a in kids(x, tag) {
                    let ends = if reads { child_text(a, "sourceRef") } else { child_text(a, "targetRef") };
                    for (k, form) in ends.into_iter().enumerate() {
                        let aid = a.attribute("id").unwrap_or_default();
                        let eid = if aid.is_empty() || k > 0 { format!("{own}_{tag}_{form}") } else { aid.to_string() };
                        let form = self.ids.get(form).map(|f| own_id(f, procmod(*f, "step").as_ref()));
                        if let Some(form) = form {
                            let e = if reads {
                                Edge::new(eid, form, own.clone())
                            } else {
                                Edge::new(eid, own.clone(), form)
                            };
                            doc.edges.push(e.into());
                        }
                    }
                }
            }
        }
        // Data associations to something that is not a document shape (a task's own data
        // inputs) are no connectors.
        let nodes: HashSet<String> = doc.nodes.iter().map(|n| n.id.clone()).collect();
        let mut dropped = Vec::new();
        doc.edges.retain(|e| {
            let keep = nodes.contains(&e.from) && nodes.contains(&e.to);
            if !keep {
                dropped.push(e.id.clone());
            }
            keep
        });
        for id in dropped {
            self.note("bpmn.note.data_input", "dataAssociation", &id);
        }
        match pending {
            Some(later) => later.extend(flows),
            None => self.connect(flows, doc),
        }
        // Text annotations become the notes of what they annotate.
        for (aid, text) in annotations {
            let target = associations.iter().find_map(|(_, a, b)| {
                if *a == aid {
                    Some(b.clone())
                } else if *b == aid {
                    Some(a.clone())
                } else {
                    None
                }
            });
            let node = target.and_then(|t| {
                let t = self.ids.get(t.as_str()).map(|n| own_id(n, procmod(*n, "step").as_ref())).unwrap_or(t);
                doc.nodes[first_node..].iter_mut().find(|n| n.id == t)
            });
            match node {
                Some(n) if !text.is_empty() => {
                    let n: &mut Node = n;
                    n.notes = if n.notes.is_empty() { text } else { format!("{}\n{text}", n.notes) };
                }
                _ => self.note("bpmn.note.annotation", "textAnnotation", &aid),
            }
        }
    }

    /// Sequence flows as connectors, once every shape they may join is read.
    fn connect(&mut self, flows: Vec<X<'a, 'i>>, doc: &mut Document) {
        let nodes: HashSet<String> = doc.nodes.iter().map(|n| n.id.clone()).collect();
        for x in flows {
            if procmod(x, "through").is_some() {
                continue; // Written for a document shape in the flow: its associations carry it.
            }
            let id = x.attribute("id").unwrap_or_default();
            let ext = procmod(x, "flow");
            let end = |k: &str| {
                let r = x.attribute(k)?;
                Some(self.ids.get(r).map(|n| own_id(n, procmod(*n, "step").as_ref())).unwrap_or(r.to_string()))
            };
            let (Some(from), Some(to)) = (end("sourceRef"), end("targetRef")) else {
                self.note("bpmn.note.flow_end", "sequenceFlow", id);
                continue;
            };
            if !nodes.contains(&from) || !nodes.contains(&to) {
                self.note("bpmn.note.flow_end", "sequenceFlow", id);
                continue;
            }
            let mut e = Edge::new(own_id(&x, ext.as_ref()), from, to);
            let label = x.attribute("name").unwrap_or_default();
            e.label = if self.ours { label } else { label.trim() }.to_string();
            let condition =
                kids(x, "conditionExpression").filter_map(|c| c.text()).map(str::trim).find(|t| !t.is_empty());
            if let Some(c) = condition {
                if e.label.is_empty() {
                    e.label = c.to_string();
                    self.note("bpmn.note.condition_label", "conditionExpression", id);
                } else {
                    self.note("bpmn.note.condition_dropped", "conditionExpression", id);
                }
            }
            self.flow_fields(&mut e, id, ext);
            if ext.is_some_and(|f| f.attribute("kind") == Some("message")) {
                e.flow = Some(ArrowKind::Message);
            }
            doc.edges.push(e.into());
        }
    }

    /// A connector's probability, transfer time and bend points: Procmod's own, else the
    /// BPSim scenario's probability and the diagram's bends.
    fn flow_fields(&self, e: &mut Edge, bpmn_id: &str, ext: Option<X>) {
        if let Some(f) = ext {
            e.probability = number(&f, "probability");
            e.transfer = number(&f, "transfer");
            e.points = f.attribute("points").map(parse_points).unwrap_or_default();
        } else {
            e.probability = self.bpsim.get(bpmn_id).copied().filter(|p| (0.0..=1.0).contains(p));
            if !self.ours {
                if let Some((_, points)) = self.di.edges.get(bpmn_id) {
                    if points.len() > 2 {
                        e.points = points[1..points.len() - 1].iter().map(|&(x, y)| [x, y]).collect();
                    }
                }
            }
        }
    }

    /// Gives the shapes their places: from the diagram interchange, moved into Procmod's lane
    /// bands (each lane's band as thick as the lane was drawn, the bands one after the other);
    /// a file Procmod wrote keeps its places as they are. Without a place for some shape, the
    /// whole diagram is laid out by Tidy up.
    fn place(&mut self, doc: &mut Document, lanes: &[LaneAt]) {
        let unplaced: Vec<String> = doc.nodes.iter().filter(|n| n.w < 0.0).map(|n| n.id.clone()).collect();
        for n in doc.nodes.iter_mut().filter(|n| n.w < 0.0) {
            n.w = 0.0;
        }
        if !unplaced.is_empty() {
            if !doc.nodes.is_empty() {
                self.note("bpmn.note.tidied", "", &unplaced[0]);
                if let Some(n) = self.notes.last_mut() {
                    n.ids = unplaced;
                }
            }
            for e in doc.edges.iter_mut() {
                e.points.clear();
            }
            tidy(doc);
            return;
        }
        if self.ours {
            return;
        }
        let vertical = doc.settings.orientation == Orientation::Vertical;
        // Across and along the flow, from the diagram's x and y.
        let split = |p: (f64, f64)| if vertical { (p.1, p.0) } else { (p.0, p.1) };
        let join = |along: f64, across: f64| if vertical { (across, along) } else { (along, across) };
        // The bands: lanes drawn in the file, by where they were drawn; the others after them.
        struct Band {
            id: String,
            from: f64,
            to: f64,
            at: f64,
        }
        let mut drawn: Vec<(f64, f64, String, f64)> = lanes
            .iter()
            .filter_map(|l| {
                let b = l.bounds?;
                let (along, across) = split((b.x, b.y));
                let (_, size) = split((b.w, b.h));
                Some((across, size, l.lane.id.clone(), along))
            })
            .collect();
        drawn.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut bands = Vec::new();
        let mut at = 0.0;
        for (from, size, id, _) in &drawn {
            let size = size.max(MIN_LANE_SIZE);
            bands.push(Band { id: id.clone(), from: *from, to: from + size, at });
            if let Some(lane) = doc.lanes.iter_mut().find(|l| l.id == *id) {
                lane.size = (size != Lane::DEFAULT_SIZE).then_some(size);
            }
            at += size;
        }
        // Lanes in band order, the undrawn ones last.
        let order: HashMap<String, usize> = bands.iter().enumerate().map(|(i, b)| (b.id.clone(), i)).collect();
        doc.lanes.sort_by_key(|l| order.get(&l.id).copied().unwrap_or(usize::MAX));
        // Where the flow starts: the lanes' (or, without lanes, the shapes') first edge, so that
        // the shapes keep their distance from the lane names.
        let shapes_from = doc.nodes.iter().map(|n| split((n.x, n.y)).0).fold(f64::INFINITY, f64::min);
        let origin = drawn.iter().map(|d| d.3).fold(f64::INFINITY, f64::min);
        let origin = if origin.is_finite() { origin + NAME_BAND } else { shapes_from - 20.0 };
        let shift = LANE_HEADER + (shapes_from - origin).min(0.0).abs();
        let lanes_from = drawn.first().map(|d| d.0);
        let across_of = |across: f64, lane: Option<&str>| -> f64 {
            let band = lane
                .and_then(|l| {
                    bands.iter().find(|b| b.id == l).filter(|b| across >= b.from - 200.0 && across <= b.to + 200.0)
                })
                .or_else(|| bands.iter().find(|b| across >= b.from && across < b.to))
                .or_else(|| bands.iter().min_by(|a, b| (a.from - across).abs().total_cmp(&(b.from - across).abs())));
            match band {
                Some(b) => across - b.from + b.at,
                None => across - lanes_from.unwrap_or(0.0),
            }
        };
        let without_lanes = bands.is_empty();
        let across_min = if without_lanes {
            doc.nodes.iter().map(|n| split((n.x, n.y)).1).fold(f64::INFINITY, f64::min) - 40.0
        } else {
            0.0
        };
        if without_lanes {
            // Lanes the file does not draw: one (a process without a pool) is as thick as what
            // it holds; several cannot be told apart by place, so Tidy up lays them out.
            let across_max = doc
                .nodes
                .iter()
                .map(|n| split((n.x + n.width(), n.y + n.height())).1)
                .fold(f64::NEG_INFINITY, f64::max);
            match doc.lanes.len() {
                0 => {}
                1 => {
                    let size = (across_max - across_min + 40.0).max(Lane::DEFAULT_SIZE);
                    doc.lanes[0].size = (size != Lane::DEFAULT_SIZE).then_some(size);
                }
                _ => {
                    let first = doc.nodes.first().map(|n| n.id.clone()).unwrap_or_default();
                    self.note("bpmn.note.tidied", "", &first);
                    if let Some(n) = self.notes.last_mut() {
                        n.ids = doc.nodes.iter().map(|n| n.id.clone()).collect();
                    }
                    for e in doc.edges.iter_mut() {
                        e.points.clear();
                    }
                    tidy(doc);
                    return;
                }
            }
        }
        for n in doc.nodes.iter_mut() {
            let n: &mut Node = n;
            let (along, across) = split((n.x, n.y));
            let (_, size) = split((n.width(), n.height()));
            let centre = across + size / 2.0;
            let across =
                if without_lanes { across - across_min } else { across_of(centre, n.lane.as_deref()) - size / 2.0 };
            (n.x, n.y) = join(along - origin + shift, across);
        }
        for e in doc.edges.iter_mut() {
            if e.points.is_empty() {
                continue;
            }
            let e: &mut Edge = e;
            for p in e.points.iter_mut() {
                let (along, across) = split((p[0], p[1]));
                let across = if without_lanes { across - across_min } else { across_of(across, None) };
                let (x, y) = join(along - origin + shift, across);
                *p = [x, y];
            }
        }
        // A shape the file put in no lane lies in one.
        for i in 0..doc.nodes.len() {
            if doc.nodes[i].lane.is_none() && !doc.lanes.is_empty() {
                let lane = crate::editor::layout::lane_of_node(doc, &doc.nodes[i]);
                doc.nodes[i].lane = lane;
            }
        }
    }
}

fn own_or(x: &X, ext: Option<X>) -> Option<String> {
    Some(own_id(x, ext.as_ref())).filter(|s| !s.is_empty())
}

fn parse_points(text: &str) -> Vec<[f64; 2]> {
    text.split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some([x.parse().ok()?, y.parse().ok()?])
        })
        .filter(|p: &[f64; 2]| p[0].is_finite() && p[1].is_finite())
        .collect()
}

/// Procmod's own document fields (time unit, process data, settings) from `procmod:document`.
fn document_fields(doc: &mut Document, d: &X) {
    doc.time_unit = match d.attribute("timeUnit") {
        Some("s") => TimeUnit::Seconds,
        Some("min") => TimeUnit::Minutes,
        Some("d") => TimeUnit::Days,
        _ => TimeUnit::Hours,
    };
    let json = |name: &str| {
        d.children().find(|c| c.is_element() && c.tag_name().name() == name).and_then(|c| c.text()).map(str::to_string)
    };
    if let Some(m) = json("meta").and_then(|t| serde_json::from_str::<Meta>(&t).ok()) {
        doc.meta = m;
    }
    if let Some(s) = json("settings").and_then(|t| serde_json::from_str::<Settings>(&t).ok()) {
        doc.settings = s;
    }
}

/// A leaf lane of a lane set with Procmod's lane fields when it wrote them.
fn lane_of_set(x: X, name: String) -> Lane {
    let ext = procmod(x, "lane");
    let mut lane = Lane::new(own_id(&x, ext.as_ref()), name);
    if let Some(e) = ext {
        lane.capacity = number(&e, "capacity").filter(|c| *c > 0.0);
        lane.size = number(&e, "size").filter(|c| *c > 0.0);
        lane.pool = e.attribute("pool").unwrap_or_default().to_string();
    }
    lane
}

/// Procmod's own fields of a step from its `procmod:step`.
fn step_fields(n: &mut Node, e: &X) {
    let text = |k: &str| e.attribute(k).unwrap_or_default().to_string();
    let list = |k: &str| e.attribute(k).map(|v| v.split('\n').map(str::to_string).collect()).unwrap_or_default();
    let words =
        |k: &str| e.attribute(k).map(|v| v.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
    n.work = number(e, "work").filter(|v| *v >= 0.0).unwrap_or(0.0);
    n.wait = number(e, "wait").filter(|v| *v >= 0.0).unwrap_or(0.0);
    n.value = match e.attribute("value") {
        Some("va") => Some(ValueClass::Va),
        Some("bva") => Some(ValueClass::Bva),
        Some("nva") => Some(ValueClass::Nva),
        _ => None,
    };
    n.control_point = e.attribute("controlPoint") == Some("true");
    n.system = text("system");
    n.notes = text("notes");
    n.link = e.attribute("link").map(str::to_string);
    n.inputs = list("inputs");
    n.outputs = list("outputs");
    n.accountable = e.attribute("accountable").map(str::to_string);
    n.consulted = words("consulted");
    n.informed = words("informed");
    n.risk = text("risk");
    n.control = text("control");
    n.evidence = text("evidence");
    if let Some(lane) = e.attribute("lane") {
        n.lane = Some(lane.to_string());
    }
    // Its own place, where the file draws it elsewhere (around an expanded sub-process).
    if let (Some(x), Some(y)) = (number(e, "x"), number(e, "y")) {
        (n.x, n.y) = (x, y);
    }
    if let Some(w) = number(e, "w") {
        n.w = w;
    }
    if let Some(h) = number(e, "h") {
        n.h = h;
    }
}

/// Lays a document out by Tidy up, as the editor's own command does.
fn tidy(doc: &mut Document) {
    let layout = crate::tidy::tidy(doc);
    for (id, size) in layout.lanes {
        if let Some(l) = doc.lanes.iter_mut().find(|l| l.id == id) {
            l.size = Some(size);
        }
    }
    for (id, x, y) in layout.moves {
        if let Some(n) = doc.node_mut(&id) {
            (n.x, n.y) = (x, y);
        }
    }
}

/// The leaf lanes of a lane set, named with their parents' names (`Sales / Inside sales`), and
/// which lane each flow node is in.
fn leaf_lanes<'a, 'i>(set: X<'a, 'i>, prefix: &str, ours: bool, out: &mut Vec<(X<'a, 'i>, String)>) {
    for lane in kids(set, "lane") {
        let name = lane.attribute("name").unwrap_or_default();
        let name = if ours { name } else { name.trim() };
        let full = match (prefix.is_empty(), name.is_empty()) {
            (true, _) => name.to_string(),
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix} / {name}"),
        };
        let children: Vec<_> = kids(lane, "childLaneSet").filter(|c| kids(*c, "lane").next().is_some()).collect();
        if children.is_empty() {
            out.push((lane, full));
        } else {
            for c in children {
                leaf_lanes(c, &full, ours, out);
            }
        }
    }
}

/// Reads a BPMN 2.0 file as a swimlane document (with the diagrams one level down that its
/// sub-processes hold) and what could not be carried over. `name` (the file's name) titles a
/// document whose file names neither its pool nor its process.
pub fn import(text: &str, name: &str) -> Result<Imported, ImportError> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let xml = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        // The parser's words, without the place it appends (the message says it).
        let detail = e.to_string();
        let detail = detail.strip_suffix(&format!(" at {}:{}", pos.row, pos.col)).unwrap_or(&detail).to_string();
        ImportError::Syntax { line: pos.row, column: pos.col, detail }
    })?;
    let root = xml.root_element();
    if !(root.tag_name().name() == "definitions" && root.tag_name().namespace() == Some(MODEL)) {
        let name = match root.tag_name().namespace() {
            Some(ns) => format!("{{{ns}}}{}", root.tag_name().name()),
            None => root.tag_name().name().to_string(),
        };
        return Err(ImportError::NotBpmn(name));
    }
    let mut r = Reader {
        ids: root.descendants().filter_map(|x| Some((x.attribute("id")?, x))).collect(),
        di: diagram(root),
        ours: root.attribute("exporter") == Some("Procmod"),
        bpsim: HashMap::new(),
        notes: Vec::new(),
        children: Vec::new(),
        titles: HashSet::new(),
        called: HashMap::new(),
    };
    for p in root.descendants().filter(|x| x.is_element() && x.tag_name().namespace() == Some(BPSIM_NS)) {
        if p.tag_name().name() == "ElementParameters" {
            let value = p
                .descendants()
                .find(|d| d.tag_name().name() == "Probability")
                .and_then(|d| d.children().find(|c| c.is_element()))
                .and_then(|v| number(&v, "value"));
            if let (Some(el), Some(v)) = (p.attribute("elementRef"), value) {
                r.bpsim.insert(el.to_string(), v);
            }
        }
    }
    let processes: Vec<X> = kids(root, "process").collect();
    let has_content = |p: &X| {
        p.children().any(|c| {
            c.is_element()
                && c.tag_name().namespace() == Some(MODEL)
                && !matches!(c.tag_name().name(), "documentation" | "extensionElements" | "laneSet" | "property")
        })
    };
    // The pools: participants with a process; a participant without one is a black box.
    let mut pools: Vec<Pool> = Vec::new();
    let mut pooled = HashSet::new();
    for c in kids(root, "collaboration") {
        for p in kids(c, "participant") {
            let id = p.attribute("id").unwrap_or_default();
            let name = p.attribute("name").unwrap_or_default().trim().to_string();
            match p.attribute("processRef").and_then(|r| processes.iter().find(|x| x.attribute("id") == Some(r))) {
                Some(process) if has_content(process) => {
                    pooled.insert(process.attribute("id").unwrap_or_default());
                    let name =
                        if name.is_empty() { process.attribute("name").unwrap_or_default().to_string() } else { name };
                    pools.push(Pool { id: id.to_string(), name, process: *process });
                }
                Some(process) => {
                    pooled.insert(process.attribute("id").unwrap_or_default());
                    r.note("bpmn.note.empty_pool", "participant", id);
                }
                None => r.note("bpmn.note.empty_pool", "participant", id),
            }
        }
    }
    // Processes in no pool: the process itself when there is no pool at all; else processes
    // that call activities use, each a diagram of its own.
    let loose: Vec<X> = processes
        .iter()
        .filter(|p| !pooled.contains(p.attribute("id").unwrap_or_default()) && has_content(p))
        .copied()
        .collect();
    if pools.is_empty() {
        if let Some(p) = loose.first() {
            let id = p.attribute("id").unwrap_or_default().to_string();
            pools.push(Pool { id, name: p.attribute("name").unwrap_or_default().trim().to_string(), process: *p });
        }
    }
    let main_processes: HashSet<&str> = pools.iter().filter_map(|p| p.process.attribute("id")).collect();
    let called: Vec<X> =
        loose.iter().filter(|p| !main_processes.contains(p.attribute("id").unwrap_or_default())).copied().collect();
    if pools.is_empty() {
        return Err(ImportError::Empty);
    }
    for p in &called {
        let id = p.attribute("id").unwrap_or_default();
        let title = r.title(p.attribute("name").unwrap_or_default(), id);
        r.called.insert(id.to_string(), title);
    }

    // Procmod's own document fields, when it wrote the file.
    let first = pools[0].process;
    let own_doc = procmod(first, "document");
    let title = own_doc
        .and_then(|d| d.attribute("title").map(str::to_string))
        .or_else(|| {
            let names: Vec<&str> = pools.iter().map(|p| p.name.as_str()).filter(|n| !n.is_empty()).collect();
            (names.len() == 1 || pools.len() == 1).then(|| names.first().map(|n| n.to_string()).unwrap_or_default())
        })
        .filter(|t| !t.is_empty())
        .or_else(|| root.attribute("name").map(str::to_string))
        .unwrap_or_else(|| {
            pools.iter().map(|p| p.name.as_str()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join(" · ")
        });
    let title = if title.trim().is_empty() && own_doc.is_none() { name.trim().to_string() } else { title };
    r.titles.insert(title.clone());
    let mut doc = Document::new(Kind::Swimlane, title);
    if let Some(d) = own_doc {
        document_fields(&mut doc, &d);
    }
    if r.di.vertical {
        doc.settings.orientation = Orientation::Vertical;
    }
    // Lanes: each pool's leaf lanes, or the pool as one lane.
    let several = pools.len() > 1;
    let mut lanes_at: Vec<LaneAt> = Vec::new();
    let mut lane_of: HashMap<&str, String> = HashMap::new();
    for pool in &pools {
        let mut leaves = Vec::new();
        for set in kids(pool.process, "laneSet") {
            leaf_lanes(set, "", r.ours, &mut leaves);
        }
        if leaves.is_empty() && r.ours {
            continue; // Procmod wrote a diagram without lanes.
        }
        if leaves.is_empty() {
            let mut lane = Lane::new(pool.id.clone(), pool.name.clone());
            if several {
                lane.pool = pool.name.clone();
            }
            for x in pool.process.children().filter_map(|c| c.attribute("id")) {
                lane_of.insert(x, lane.id.clone());
            }
            let bounds = r.di.shapes.get(&pool.id).copied();
            lanes_at.push(LaneAt { lane, bounds });
            continue;
        }
        for (x, name) in leaves {
            let ext = procmod(x, "lane");
            // Lanes of several pools keep their pool's name, so that two pools' "Sales" differ.
            let name = if several && ext.is_none() && !pool.name.is_empty() {
                if name.is_empty() {
                    pool.name.clone()
                } else {
                    format!("{} / {name}", pool.name)
                }
            } else {
                name
            };
            let mut lane = lane_of_set(x, name);
            if ext.is_none() && several {
                lane.pool = pool.name.clone();
            }
            for node in child_text(x, "flowNodeRef") {
                lane_of.insert(node, lane.id.clone());
            }
            let bounds = r.di.shapes.get(x.attribute("id").unwrap_or_default()).copied();
            lanes_at.push(LaneAt { lane, bounds });
        }
    }
    doc.lanes = lanes_at.iter().map(|l| l.lane.clone()).collect();
    // Called processes first, so that call activities find their diagrams.
    for p in &called {
        let id = p.attribute("id").unwrap_or_default();
        let title = r.called[id].clone();
        let mut child = Document::new(Kind::Swimlane, title);
        let lane_id = format!("{id}_lane");
        child.lanes.push(Lane::new(lane_id.clone(), p.attribute("name").unwrap_or_default().trim()));
        let lanes: HashMap<&str, String> =
            p.descendants().filter_map(|d| d.attribute("id")).map(|d| (d, lane_id.clone())).collect();
        r.flow(*p, &mut child, &lanes, None);
        r.place(&mut child, &[]);
        r.children.push(child);
    }
    // Sequence flows once every pool's shapes are read (a flow may cross pools).
    let mut flows = Vec::new();
    for pool in &pools {
        r.flow(pool.process, &mut doc, &lane_of, Some(&mut flows));
    }
    r.connect(flows, &mut doc);
    // Message flows between pools: kept as message connectors when both ends are shapes.
    let nodes: HashSet<String> = doc.nodes.iter().map(|n| n.id.clone()).collect();
    for c in kids(root, "collaboration") {
        for m in kids(c, "messageFlow") {
            let id = m.attribute("id").unwrap_or_default();
            let end = |k: &str| {
                let x = m.attribute(k)?;
                Some(r.ids.get(x).map(|n| own_id(n, procmod(*n, "step").as_ref())).unwrap_or(x.to_string()))
            };
            match (end("sourceRef"), end("targetRef")) {
                (Some(a), Some(b)) if nodes.contains(&a) && nodes.contains(&b) => {
                    let ext = procmod(m, "flow");
                    let mut e = Edge::new(own_id(&m, ext.as_ref()), a, b);
                    e.label = m.attribute("name").unwrap_or_default().trim().to_string();
                    e.flow = Some(ArrowKind::Message);
                    r.flow_fields(&mut e, id, ext);
                    e.probability = None;
                    doc.edges.push(e.into());
                }
                _ => r.note("bpmn.note.pool_message", "messageFlow", id),
            }
        }
    }
    if r.ours {
        r.as_drawn(&mut doc, "");
    }
    r.place(&mut doc, &lanes_at);
    for n in &mut r.notes {
        n.ids.dedup();
    }
    let mut imported = Imported { document: doc, children: r.children, notes: r.notes };
    settle(&mut imported);
    Ok(imported)
}

/// Makes every imported document one the app opens: ids unique (a clash gets a suffix), text
/// lists tidy.
fn settle(imported: &mut Imported) {
    for doc in std::iter::once(&mut imported.document).chain(imported.children.iter_mut()) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for n in doc.nodes.iter_mut() {
            if !seen.insert(n.id.clone()) {
                let id = unique(&seen, &n.id);
                seen.insert(id.clone());
                n.id = id;
            }
        }
        for e in doc.edges.iter_mut() {
            if !seen.insert(e.id.clone()) {
                let id = unique(&seen, &e.id);
                seen.insert(id.clone());
                e.id = id;
            }
        }
        for l in doc.lanes.iter_mut() {
            if !seen.insert(l.id.clone()) {
                let id = unique(&seen, &l.id);
                seen.insert(id.clone());
                renamed.insert(l.id.clone(), id.clone());
                l.id = id;
            }
        }
        for n in doc.nodes.iter_mut() {
            if let Some(id) = n.lane.as_ref().and_then(|l| renamed.get(l)) {
                n.lane = Some(id.clone());
            }
            if n.inputs.iter().any(|s| s.trim().is_empty()) || n.outputs.iter().any(|s| s.trim().is_empty()) {
                let n: &mut Node = n;
                n.inputs = parse_list(&n.inputs.join("\n"));
                n.outputs = parse_list(&n.outputs.join("\n"));
            }
        }
    }
}

fn unique(seen: &HashSet<String>, id: &str) -> String {
    (2..).map(|k| format!("{id}_{k}")).find(|c| !seen.contains(c)).unwrap_or_default()
}
