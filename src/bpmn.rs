//! A swimlane as BPMN 2.0 XML with diagram interchange (BPMNDI), the one format Camunda,
//! Signavio, ARIS, Bizagi and bpmn.io all read: a collaboration with one participant (the
//! pool) whose process has a lane per swimlane; start and end events, tasks, exclusive and
//! parallel gateways, collapsed sub-processes, data object references (with data associations)
//! for document shapes, and sequence flows with their names. The shapes keep their places and
//! the connectors the core's routes as waypoints. What BPMN has no place for (times, value
//! class, key control point, system, notes, inputs, outputs, RACI, a branch's probability) goes
//! in Procmod's extension namespace; a branch's probability is also written as a BPSim control
//! parameter (the standard simulation extension) and as the flow's documentation, for people.

use crate::draw::esc;
use crate::editor::layout::{lane_bands, lane_length};
use crate::format::editable;
use crate::model::{Document, Kind, Node, NodeType, Orientation, ValueClass};
use crate::route;
use std::fmt::Write;

/// The namespace of Procmod's own attributes.
pub const PROCMOD_NS: &str = "urn:procmod:bpmn:1";
/// The namespace of BPSim, the standard simulation extension of BPMN (WfMC, version 2.0).
pub const BPSIM_NS: &str = "http://www.bpsim.org/schemas/2.0";
/// Width of the pool's name band, before its lanes.
const POOL_BAND: f64 = 30.0;

/// Why a document cannot be written as BPMN.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    /// Only swimlanes are processes BPMN can hold.
    NotASwimlane(Kind),
}

impl ExportError {
    pub fn message(&self) -> crate::message::Message {
        match self {
            ExportError::NotASwimlane(kind) => crate::message::Message::new(
                "bpmn.not_swimlane",
                vec![crate::message::Arg::Key(match kind {
                    Kind::Sipoc => "kind.sipoc",
                    Kind::Vsm => "kind.vsm",
                    Kind::Swimlane => "kind.swimlane",
                })],
            ),
        }
    }
}

/// An id BPMN accepts (an XML name): the document's id when it is one, else prefixed.
fn xml_id(id: &str) -> String {
    let ok_start = id.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
    let ok = id.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok_start && ok {
        id.to_string()
    } else {
        let clean: String =
            id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect();
        format!("id_{clean}")
    }
}

fn element(kind: NodeType) -> &'static str {
    match kind {
        NodeType::Start => "startEvent",
        NodeType::End => "endEvent",
        NodeType::Decision => "exclusiveGateway",
        NodeType::Parallel => "parallelGateway",
        NodeType::Subprocess => "subProcess",
        NodeType::Form => "dataObjectReference",
        _ => "task",
    }
}

/// Procmod's own fields of a shape, as attributes of `procmod:step`; none when all are unset.
fn step_extension(n: &Node) -> Option<String> {
    let mut a = String::new();
    let mut attr = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(a, " {k}=\"{}\"", esc(v));
        }
    };
    if n.work != 0.0 {
        attr("work", &editable(n.work));
    }
    if n.wait != 0.0 {
        attr("wait", &editable(n.wait));
    }
    attr(
        "value",
        match n.value {
            Some(ValueClass::Va) => "va",
            Some(ValueClass::Bva) => "bva",
            Some(ValueClass::Nva) => "nva",
            None => "",
        },
    );
    if n.control_point {
        attr("controlPoint", "true");
    }
    attr("system", &n.system);
    attr("notes", &n.notes);
    attr("link", n.link.as_deref().unwrap_or_default());
    attr("inputs", &n.inputs.join("\n"));
    attr("outputs", &n.outputs.join("\n"));
    attr("accountable", n.accountable.as_deref().unwrap_or_default());
    attr("consulted", &n.consulted.join(" "));
    attr("informed", &n.informed.join(" "));
    attr("risk", &n.risk);
    attr("control", &n.control);
    attr("evidence", &n.evidence);
    (!a.is_empty()).then(|| format!("<bpmn:extensionElements><procmod:step{a}/></bpmn:extensionElements>"))
}

/// A swimlane as a BPMN 2.0 document with its diagram.
pub fn export(doc: &Document) -> Result<String, ExportError> {
    if doc.kind != Kind::Swimlane {
        return Err(ExportError::NotASwimlane(doc.kind));
    }
    let is_form = |id: &str| doc.node(id).is_some_and(|n| n.kind == NodeType::Form);
    let pos = doc.node_positions();
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" \
         xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" \
         xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" xmlns:bpsim=\"{BPSIM_NS}\" xmlns:procmod=\"{PROCMOD_NS}\" id=\"Definitions_1\" \
         targetNamespace=\"urn:procmod:process\" exporter=\"Procmod\" exporterVersion=\"{}\">\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "  <bpmn:collaboration id=\"Collaboration_1\"><bpmn:participant id=\"Participant_1\" name=\"{}\" processRef=\"Process_1\"/></bpmn:collaboration>",
        esc(doc.title.trim())
    );
    let _ = writeln!(out, "  <bpmn:process id=\"Process_1\" isExecutable=\"false\">");
    // Lanes, with the shapes in each (data objects are not flow nodes).
    if !doc.lanes.is_empty() {
        out.push_str("    <bpmn:laneSet id=\"LaneSet_1\">\n");
        for lane in &doc.lanes {
            let _ = write!(out, "      <bpmn:lane id=\"{}\" name=\"{}\">", xml_id(&lane.id), esc(lane.name.trim()));
            for n in
                doc.nodes.iter().filter(|n| n.lane.as_deref() == Some(lane.id.as_str()) && n.kind != NodeType::Form)
            {
                let _ = write!(out, "<bpmn:flowNodeRef>{}</bpmn:flowNodeRef>", xml_id(&n.id));
            }
            out.push_str("</bpmn:lane>\n");
        }
        out.push_str("    </bpmn:laneSet>\n");
    }
    // Shapes, each with its incoming and outgoing sequence flows and its data associations.
    for n in doc.nodes.iter() {
        let id = xml_id(&n.id);
        let name = esc(crate::model::trimmed(&n.label));
        if n.kind == NodeType::Form {
            let _ = writeln!(
                out,
                "    <bpmn:dataObjectReference id=\"{id}\" name=\"{name}\" dataObjectRef=\"DataObject_{id}\"/><bpmn:dataObject id=\"DataObject_{id}\"/>"
            );
            continue;
        }
        let _ = write!(out, "    <bpmn:{} id=\"{id}\" name=\"{name}\">", element(n.kind));
        if let Some(ext) = step_extension(n) {
            out.push_str(&ext);
        }
        for e in doc.edges.iter().filter(|e| e.to == n.id && !is_form(&e.from)) {
            let _ = write!(out, "<bpmn:incoming>{}</bpmn:incoming>", xml_id(&e.id));
        }
        for e in doc.edges.iter().filter(|e| e.from == n.id && !is_form(&e.to)) {
            let _ = write!(out, "<bpmn:outgoing>{}</bpmn:outgoing>", xml_id(&e.id));
        }
        // Documents read, then documents written (the order BPMN's schema wants): data
        // associations, by the connector's id.
        for (tag, role, reads) in
            [("dataInputAssociation", "sourceRef", true), ("dataOutputAssociation", "targetRef", false)]
        {
            for e in doc.edges.iter() {
                let form = if reads { (e.to == n.id).then_some(&e.from) } else { (e.from == n.id).then_some(&e.to) };
                if let Some(form) = form.filter(|f| is_form(f)) {
                    let _ = write!(
                        out,
                        "<bpmn:{tag} id=\"{}\"><bpmn:{role}>{}</bpmn:{role}></bpmn:{tag}>",
                        xml_id(&e.id),
                        xml_id(form)
                    );
                }
            }
        }
        let _ = writeln!(out, "</bpmn:{}>", element(n.kind));
    }
    // Sequence flows between flow nodes; a form in the flow is passed through (the work goes on
    // from what leads into the form to what the form leads to), and says so.
    let mut through = Vec::new();
    for e in doc.edges.iter().filter(|e| !is_form(&e.from) && !is_form(&e.to)) {
        let _ = write!(
            out,
            "    <bpmn:sequenceFlow id=\"{}\" sourceRef=\"{}\" targetRef=\"{}\"",
            xml_id(&e.id),
            xml_id(&e.from),
            xml_id(&e.to)
        );
        if !e.label.trim().is_empty() {
            let _ = write!(out, " name=\"{}\"", esc(e.label.trim()));
        }
        let mut inner = String::new();
        if let Some(p) = e.probability {
            let _ = write!(inner, "<bpmn:documentation>{}%</bpmn:documentation>", editable(p * 100.0));
        }
        let mut ext = String::new();
        if let Some(p) = e.probability {
            let _ = write!(ext, " probability=\"{}\"", editable(p));
        }
        if let Some(t) = e.transfer {
            let _ = write!(ext, " transfer=\"{}\"", editable(t));
        }
        if !ext.is_empty() {
            let _ = write!(inner, "<bpmn:extensionElements><procmod:flow{ext}/></bpmn:extensionElements>");
        }
        if inner.is_empty() {
            out.push_str("/>\n");
        } else {
            let _ = writeln!(out, ">{inner}</bpmn:sequenceFlow>");
        }
    }
    for f in doc.nodes.iter().filter(|n| n.kind == NodeType::Form) {
        for a in doc.edges.iter().filter(|e| e.to == f.id && !is_form(&e.from)) {
            for b in doc.edges.iter().filter(|e| e.from == f.id && !is_form(&e.to)) {
                let id = format!("Flow_{}_{}", xml_id(&a.id), xml_id(&b.id));
                let _ = writeln!(
                    out,
                    "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{}\" targetRef=\"{}\"><bpmn:extensionElements><procmod:through form=\"{}\" in=\"{}\" out=\"{}\"/></bpmn:extensionElements></bpmn:sequenceFlow>",
                    xml_id(&a.from),
                    xml_id(&b.to),
                    xml_id(&f.id),
                    xml_id(&a.id),
                    xml_id(&b.id)
                );
                through.push((id, a.from.clone(), b.to.clone()));
            }
        }
    }
    out.push_str("  </bpmn:process>\n");
    // The branch probabilities as BPSim control parameters, one scenario, as simulation tools
    // (Signavio, Bizagi, BIMP) read them.
    let branches: Vec<_> =
        doc.edges.iter().filter(|e| e.probability.is_some() && !is_form(&e.from) && !is_form(&e.to)).collect();
    if !branches.is_empty() {
        out.push_str("  <bpmn:relationship id=\"Relationship_BPSim\" type=\"BPSimData\"><bpmn:extensionElements><bpsim:BPSimData><bpsim:Scenario id=\"Scenario_1\" name=\"Procmod\">");
        for e in branches {
            let _ = write!(
                out,
                "<bpsim:ElementParameters elementRef=\"{}\"><bpsim:ControlParameters><bpsim:Probability><bpsim:FloatingParameter value=\"{}\"/></bpsim:Probability></bpsim:ControlParameters></bpsim:ElementParameters>",
                xml_id(&e.id),
                editable(e.probability.unwrap_or_default())
            );
        }
        out.push_str("</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements><bpmn:source>Process_1</bpmn:source><bpmn:target>Process_1</bpmn:target></bpmn:relationship>\n");
    }

    // The diagram: the pool, the lanes, the shapes and the connectors' waypoints.
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let bands = lane_bands(doc);
    let len = lane_length(doc);
    let across = bands.last().map_or(0.0, |b| b.end());
    let rect = |x: f64, y: f64, w: f64, h: f64| {
        format!(
            "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            editable(x),
            editable(y),
            editable(w),
            editable(h)
        )
    };
    out.push_str("  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\"><bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"Collaboration_1\">\n");
    let pool = if vertical {
        rect(0.0, -POOL_BAND, across, len + POOL_BAND)
    } else {
        rect(-POOL_BAND, 0.0, len + POOL_BAND, across)
    };
    let _ = writeln!(
        out,
        "    <bpmndi:BPMNShape id=\"Participant_1_di\" bpmnElement=\"Participant_1\" isHorizontal=\"{}\">{pool}</bpmndi:BPMNShape>",
        !vertical
    );
    for b in &bands {
        let bounds = if vertical { rect(b.start, 0.0, b.size, len) } else { rect(0.0, b.start, len, b.size) };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{}_di\" bpmnElement=\"{}\" isHorizontal=\"{}\">{bounds}</bpmndi:BPMNShape>",
            xml_id(&b.id),
            xml_id(&b.id),
            !vertical
        );
    }
    for n in doc.nodes.iter() {
        let expanded = if n.kind == NodeType::Subprocess { " isExpanded=\"false\"" } else { "" };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{}_di\" bpmnElement=\"{}\"{expanded}>{}</bpmndi:BPMNShape>",
            xml_id(&n.id),
            xml_id(&n.id),
            rect(n.x, n.y, n.width(), n.height())
        );
    }
    let routes = route::route_all(doc);
    let waypoints = |points: &[(f64, f64)]| {
        points
            .iter()
            .map(|(x, y)| format!("<di:waypoint x=\"{}\" y=\"{}\"/>", editable(*x), editable(*y)))
            .collect::<String>()
    };
    for (e, r) in doc.edges.iter().zip(&routes) {
        let Some(r) = r else { continue };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNEdge id=\"{}_di\" bpmnElement=\"{}\">{}</bpmndi:BPMNEdge>",
            xml_id(&e.id),
            xml_id(&e.id),
            waypoints(&r.points)
        );
    }
    // The flows through a form: straight from its source's centre line to its target's.
    for (id, a, b) in &through {
        if let (Some(&ia), Some(&ib)) = (pos.get(a.as_str()), pos.get(b.as_str())) {
            let (na, nb) = (&doc.nodes[ia], &doc.nodes[ib]);
            let points = crate::editor::layout::route(
                crate::editor::layout::rect_of(na),
                crate::editor::layout::rect_of(nb),
                doc.settings.orientation,
            );
            let _ = writeln!(
                out,
                "    <bpmndi:BPMNEdge id=\"{id}_di\" bpmnElement=\"{id}\">{}</bpmndi:BPMNEdge>",
                waypoints(&points)
            );
        }
    }
    out.push_str("  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n");
    Ok(out)
}
