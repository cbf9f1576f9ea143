//! The step table as an editor of the swimlane: one row per step (numbered as in the process
//! document), a cell typed in changes the diagram, and a row typed at the end adds a task after
//! the last step, in its role's lane, laid out by Tidy up. Each edit is one undo step. A role
//! that no lane has yet adds the lane.

use super::{ActionError, Editor, NodeField};
use crate::command::{Command, Target};
use crate::message::{Arg, Message};
use crate::model::{Edge, Node, NodeType, ValueClass};
use crate::report;

/// A column of the step table that can be typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Activity,
    Role,
    Inputs,
    Outputs,
    System,
    Execution,
    Delay,
    Value,
    ControlPoint,
    Next,
}

impl Column {
    /// Every column, in the table's order (after the step number).
    pub const ALL: [Column; 10] = [
        Column::Activity,
        Column::Role,
        Column::Inputs,
        Column::Outputs,
        Column::System,
        Column::Execution,
        Column::Delay,
        Column::Value,
        Column::ControlPoint,
        Column::Next,
    ];
    /// The translation table's key of its heading.
    pub fn key(self) -> &'static str {
        match self {
            Column::Activity => "csv.activity",
            Column::Role => "csv.role",
            Column::Inputs => "csv.inputs",
            Column::Outputs => "csv.outputs",
            Column::System => "csv.system",
            Column::Execution => "csv.execution",
            Column::Delay => "csv.delay",
            Column::Value => "csv.value",
            Column::ControlPoint => "csv.control_point",
            Column::Next => "csv.next",
        }
    }
    /// A short name for test ids and the like.
    pub fn name(self) -> &'static str {
        match self {
            Column::Activity => "activity",
            Column::Role => "role",
            Column::Inputs => "inputs",
            Column::Outputs => "outputs",
            Column::System => "system",
            Column::Execution => "execution",
            Column::Delay => "delay",
            Column::Value => "value",
            Column::ControlPoint => "control_point",
            Column::Next => "next",
        }
    }
}

/// One edit of the step table.
#[derive(Clone, Debug, PartialEq)]
pub enum TableEdit {
    /// The cell of step `id`'s row in `column`, as typed.
    Set { id: String, column: Column, text: String },
    /// A row typed in the blank row at the end: a task doing `activity` in the lane of `role`,
    /// after the last step.
    Append { activity: String, role: String },
}

/// The cell of a step as the table shows it.
pub fn cell(step: &report::Step, column: Column, lang: crate::i18n::Lang) -> String {
    let number = |v: f64| if v == 0.0 { String::new() } else { crate::format::editable(v) };
    match column {
        Column::Activity => step.activity.clone(),
        Column::Role => step.role.clone(),
        Column::Inputs => step.own_inputs.join("; "),
        Column::Outputs => step.own_outputs.join("; "),
        Column::System => step.system.clone(),
        Column::Execution => number(step.work),
        Column::Delay => number(step.wait),
        Column::Value => match step.value {
            Some(ValueClass::Va) => "va".into(),
            Some(ValueClass::Bva) => "bva".into(),
            Some(ValueClass::Nva) => "nva".into(),
            None => String::new(),
        },
        Column::ControlPoint => {
            if step.control_point {
                crate::i18n::t(lang, "csv.yes").to_string()
            } else {
                String::new()
            }
        }
        Column::Next => crate::table::next_cell(&step.next),
    }
}

fn refused(code: &'static str, text: &str) -> ActionError {
    ActionError::Input(Message::new(code, vec![Arg::Text(text.to_string())]))
}

impl Editor {
    pub(super) fn table(&mut self, edit: TableEdit) -> Result<(), ActionError> {
        if self.doc.kind != crate::model::Kind::Swimlane {
            return Err(ActionError::Input(Message::plain("table.swimlane_only")));
        }
        match edit {
            TableEdit::Set { id, column, text } => self.set_cell(&id, column, text),
            TableEdit::Append { activity, role } => self.append_row(activity.trim(), role.trim()),
        }
    }

    /// The id of the lane named `role`, adding it when no lane has that name; None for no role.
    fn lane_for(&mut self, role: &str) -> Result<Option<String>, ActionError> {
        let role = role.trim();
        if role.is_empty() {
            return Ok(None);
        }
        if let Some(l) = self.doc.lanes.iter().find(|l| l.name.trim() == role) {
            return Ok(Some(l.id.clone()));
        }
        Ok(Some(self.add_lane(role)?))
    }

    fn set_cell(&mut self, id: &str, column: Column, text: String) -> Result<(), ActionError> {
        let node = self.doc.node(id).ok_or_else(|| crate::command::CommandError::NoNode(id.into()))?.clone();
        let time = |text: &str| match crate::format::parse(text) {
            Ok(None) => Ok(0.0),
            Ok(Some(v)) if v >= 0.0 && v.is_finite() => Ok(v),
            _ => Err(refused("csv.err.time", text)),
        };
        let field = match column {
            Column::Activity => {
                self.execute(Command::SetLabel { target: Target::Node(id.into()), label: text.trim().to_string() })?;
                return Ok(());
            }
            Column::Role => NodeField::Lane(self.lane_for(&text)?),
            Column::Inputs => NodeField::Inputs(text),
            Column::Outputs => NodeField::Outputs(text),
            Column::System => NodeField::System(text),
            Column::Execution => NodeField::Work(time(text.trim())?),
            Column::Delay => NodeField::Wait(time(text.trim())?),
            Column::Value => NodeField::Value(match text.trim().to_lowercase().as_str() {
                "" => None,
                "va" | "增值" => Some(ValueClass::Va),
                "bva" | "业务增值" => Some(ValueClass::Bva),
                "nva" | "非增值" => Some(ValueClass::Nva),
                other => return Err(refused("csv.err.value", other)),
            }),
            Column::ControlPoint => NodeField::ControlPoint(
                crate::table::yes_no(&text).ok_or_else(|| refused("csv.err.yes_no", text.trim()))?,
            ),
            Column::Next => return self.set_next(&node, &text),
        };
        self.set_node(id, field)?;
        Ok(())
    }

    /// The ways out of `node` as typed (`3; 4 (是 yes 80%); end`): its connectors to steps and
    /// ends are replaced, then the diagram is tidied up.
    fn set_next(&mut self, node: &Node, text: &str) -> Result<(), ActionError> {
        let ways = crate::table::ways(text).map_err(ActionError::Input)?;
        let steps = report::steps(&self.doc);
        // Each connector out, and whether it leads to a row of the table or an end (the ways
        // the cell lists).
        let out: Vec<(Edge, bool)> = self
            .doc
            .outgoing(&node.id)
            .map(|e| {
                let listed =
                    self.doc.node(&e.to).is_some_and(|n| report::is_row(&self.doc, n) || n.kind == NodeType::End);
                (e.clone(), listed)
            })
            .collect();
        if out.iter().any(|(e, _)| self.doc.node(&e.to).is_some_and(|n| n.kind == NodeType::Parallel)) {
            return Err(ActionError::Input(Message::plain("table.next_parallel")));
        }
        let mut targets = Vec::new();
        for w in &ways {
            let to = match w.to {
                Some(k) => steps
                    .iter()
                    .find(|s| s.no == k)
                    .map(|s| s.id.clone())
                    .ok_or_else(|| ActionError::Input(Message::new("csv.err.no_such_step", vec![Arg::Count(k)])))?,
                None => self.an_end()?,
            };
            targets.push((to, w));
        }
        let mut cmds: Vec<Command> =
            out.iter().filter(|(_, listed)| *listed).map(|(e, _)| Command::Disconnect { id: e.id.clone() }).collect();
        let mut probe = (*self.doc).clone();
        for (to, w) in targets {
            let mut e = Edge::new(probe.fresh_id("e"), node.id.clone(), to);
            e.label = w.label.clone();
            e.probability = w.probability;
            probe.edges.push(e.clone().into());
            cmds.push(Command::Connect { edge: e.into(), index: None });
        }
        // Several ways out with labels or probabilities make the step a decision.
        let decision = ways.len() > 1 && ways.iter().any(|w| !w.label.is_empty() || w.probability.is_some());
        if decision && node.kind == NodeType::Task {
            let mut n = node.clone();
            n.kind = NodeType::Decision;
            cmds.push(Command::SetNodeProps { node: n });
        }
        self.execute(Command::Batch(cmds))?;
        self.tidy_up()?;
        Ok(())
    }

    /// An end of the process to connect to: the first there is, or a new one.
    fn an_end(&mut self) -> Result<String, ActionError> {
        if let Some(e) = self.doc.nodes.iter().find(|n| n.kind == NodeType::End) {
            return Ok(e.id.clone());
        }
        let id = self.doc.fresh_id("end");
        let mut end = Node::new(id.clone(), NodeType::End, "", 0.0, 0.0);
        end.lane = self.doc.lanes.last().map(|l| l.id.clone());
        self.execute(Command::AddNode { node: end.into(), index: None, edges: vec![] })?;
        Ok(id)
    }

    /// A new task after the last step: what led from the last step to an end now leads through
    /// the new task (a process typed row by row stays one chain); the first row starts from the
    /// start (added when there is none).
    fn append_row(&mut self, activity: &str, role: &str) -> Result<(), ActionError> {
        if activity.is_empty() {
            return Err(ActionError::Input(Message::plain("table.no_activity")));
        }
        let lane = self.lane_for(role)?;
        let id = self.doc.fresh_id("t");
        let mut task = Node::new(id.clone(), NodeType::Task, activity, 0.0, 0.0);
        task.lane = lane.clone();
        self.execute(Command::AddNode { node: task.into(), index: None, edges: vec![] })?;
        let last = report::steps(&self.doc).into_iter().rfind(|s| s.id != id).map(|s| s.id);
        let from = match last {
            Some(last) => last,
            None => match self.doc.nodes.iter().find(|n| n.kind == NodeType::Start) {
                Some(s) => s.id.clone(),
                None => {
                    let sid = self.doc.fresh_id("start");
                    let mut s = Node::new(sid.clone(), NodeType::Start, "", 0.0, 0.0);
                    s.lane = lane.clone();
                    self.execute(Command::AddNode { node: s.into(), index: None, edges: vec![] })?;
                    sid
                }
            },
        };
        let end = self.an_end()?;
        let mut cmds = Vec::new();
        let mut probe = (*self.doc).clone();
        let to_end: Vec<Edge> = self
            .doc
            .outgoing(&from)
            .filter(|e| self.doc.node(&e.to).is_some_and(|n| n.kind == NodeType::End))
            .cloned()
            .collect();
        if to_end.is_empty() {
            let e = Edge::new(probe.fresh_id("e"), from.clone(), id.clone());
            probe.edges.push(e.clone().into());
            cmds.push(Command::Connect { edge: e.into(), index: None });
        } else {
            // The same connectors (ids, labels, probabilities), now into the new task.
            for e in to_end {
                let mut moved = e.clone();
                moved.to = id.clone();
                moved.points.clear();
                cmds.push(Command::Disconnect { id: e.id.clone() });
                cmds.push(Command::Connect { edge: moved.into(), index: None });
            }
        }
        let e = Edge::new(probe.fresh_id("e"), id.clone(), end.clone());
        cmds.push(Command::Connect { edge: e.into(), index: None });
        self.execute(Command::Batch(cmds))?;
        // An end reached only from the new step follows it into its lane.
        let only_from_new = self.doc.incoming(&end).all(|e| e.from == id);
        if only_from_new && self.doc.node(&end).is_some_and(|n| n.lane != lane) {
            self.execute(Command::AssignLane { id: end, lane })?;
        }
        self.tidy_up()?;
        self.select_only([id]);
        Ok(())
    }
}
