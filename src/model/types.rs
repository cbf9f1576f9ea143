//! The value types a document is made of.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Which diagram a document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Sipoc,
    Swimlane,
    Vsm,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sipoc => "sipoc",
            Kind::Swimlane => "swimlane",
            Kind::Vsm => "vsm",
        }
    }
    /// The node types a diagram of this kind may hold.
    pub fn node_types(self) -> &'static [NodeType] {
        use NodeType::*;
        match self {
            Kind::Swimlane => &[Start, End, Task, Decision, Parallel, Form, Subprocess, Event],
            Kind::Sipoc => &[Supplier, Input, Step, Output, Customer],
            Kind::Vsm => &[Supplier, Customer, Process, Inventory, Shipment, Control, Kaizen],
        }
    }
}

/// Unit of every swimlane duration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum TimeUnit {
    #[serde(rename = "s")]
    Seconds,
    #[serde(rename = "min")]
    Minutes,
    #[default]
    #[serde(rename = "h")]
    Hours,
    #[serde(rename = "d")]
    Days,
}

impl TimeUnit {
    pub fn is_default(&self) -> bool {
        *self == TimeUnit::default()
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "s",
            TimeUnit::Minutes => "min",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
        }
    }
    /// The translation table's key for the unit's short name after a number (`h`, `小时`).
    pub fn label_key(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "vsm.unit_s",
            TimeUnit::Minutes => "vsm.unit_min",
            TimeUnit::Hours => "vsm.unit_h",
            TimeUnit::Days => "vsm.unit_d",
        }
    }
    /// Hours in one of this unit (a day is `hours_per_day` working hours).
    pub fn in_hours(self, hours_per_day: f64) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0 / 3600.0,
            TimeUnit::Minutes => 1.0 / 60.0,
            TimeUnit::Hours => 1.0,
            TimeUnit::Days => hours_per_day,
        }
    }
}

/// Process-architecture data carried by a process document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Process level, `L1` … `L6`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub level: String,
    /// Process owner (流程责任人).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Author (编制).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Reviewer (审核).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewer: String,
    /// Approver (批准).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approver: String,
    /// Revision, e.g. `V1.0`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub revision: String,
    /// Id of the document one level up that this one details (set by drill-down).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub parent: String,
    /// Id of the element in the parent document this one details.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub parent_element: String,
    /// Id of the document this one is the future state of (current state → future state).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub current_state: String,
    /// The process document's file code (文件编号), e.g. `QP-PUR-001`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// Purpose of the process (目的).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// Where the process applies (适用范围).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Terms and their meanings (术语).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
    /// Related documents (相关文件): procedures, policies, forms kept elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Revision history (修订记录), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Revision>,
    /// When the author, reviewer and approver signed (dates as written, e.g. `2026-11-20`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author_date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewer_date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approver_date: String,
}

/// A term of the process document and what it means.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
}

/// One line of the revision history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub revision: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
}

impl Term {
    /// Terms from text as the inspector shows them: one per line, `term: meaning` (a Chinese
    /// colon too); blank lines skipped.
    pub fn parse_lines(text: &str) -> Vec<Term> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once([':', '：']) {
                Some((t, m)) => Term { term: t.trim().to_string(), meaning: m.trim().to_string() },
                None => Term { term: l.to_string(), meaning: String::new() },
            })
            .collect()
    }
    /// The terms as `parse_lines` reads them.
    pub fn lines(terms: &[Term]) -> String {
        terms
            .iter()
            .map(|t| if t.meaning.is_empty() { t.term.clone() } else { format!("{}: {}", t.term, t.meaning) })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Revision {
    /// Revisions from text as the inspector shows them: one per line,
    /// `revision | date | author | change`; blank lines skipped.
    pub fn parse_lines(text: &str) -> Vec<Revision> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let mut parts = l.splitn(4, ['|', '｜']).map(|p| p.trim().to_string());
                Revision {
                    revision: parts.next().unwrap_or_default(),
                    date: parts.next().unwrap_or_default(),
                    author: parts.next().unwrap_or_default(),
                    change: parts.next().unwrap_or_default(),
                }
            })
            .collect()
    }
    /// The revisions as `parse_lines` reads them.
    pub fn lines(history: &[Revision]) -> String {
        history
            .iter()
            .map(|r| {
                let mut parts = vec![r.revision.as_str(), r.date.as_str(), r.author.as_str(), r.change.as_str()];
                while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
                    parts.pop();
                }
                parts.join(" | ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A list typed in one line (inputs, outputs, related documents): the items between `;`, `；`,
/// `、` or line breaks, trimmed, blanks skipped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split([';', '；', '、', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }

    /// The process level one below this one (`L3` → `L4`), or None below L6. A document
    /// without a level counts as L1.
    pub fn next_level(&self) -> Option<String> {
        let n: u8 = self.level.trim().trim_start_matches(['L', 'l']).parse().unwrap_or(1);
        (n < 6).then(|| format!("L{}", n + 1))
    }
}

/// Direction of swimlanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Lanes are rows; the flow runs left to right.
    #[default]
    Horizontal,
    /// Lanes are columns (common in Chinese process charts); the flow runs top to bottom.
    Vertical,
}

impl Orientation {
    pub fn is_default(&self) -> bool {
        *self == Orientation::default()
    }
}

/// Numbers that parameterise the analysis. All optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Swimlane: default transfer time of an edge that crosses lanes (in `time_unit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_time: Option<f64>,
    /// Swimlane: cases started per day (for Little's law WIP and lane utilisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrivals_per_day: Option<f64>,
    /// Swimlane: working hours in a day (default 8); converts days and rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_day: Option<f64>,
    /// VSM: customer demand, units per day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_per_day: Option<f64>,
    /// VSM: available working time per day, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_seconds_per_day: Option<f64>,
    /// VSM: shifts worked per day. With `hours_per_shift` and `break_minutes_per_shift` these are
    /// the numbers the user typed; the editor derives `available_seconds_per_day` from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shifts_per_day: Option<f64>,
    /// VSM: length of a shift, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_shift: Option<f64>,
    /// VSM: breaks per shift, in minutes (subtracted from the shift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_minutes_per_shift: Option<f64>,
    /// Swimlane: lanes as rows (default) or columns.
    #[serde(default, skip_serializing_if = "Orientation::is_default")]
    pub orientation: Orientation,
}

impl Settings {
    pub fn is_empty(&self) -> bool {
        *self == Settings::default()
    }
    pub fn hours_per_day(&self) -> f64 {
        self.hours_per_day.filter(|h| *h > 0.0).unwrap_or(8.0)
    }
    /// VSM: takt time in seconds, available time per day ÷ customer demand per day, when both
    /// are more than 0. The one place takt is computed.
    pub fn takt_seconds(&self) -> Option<f64> {
        let available = self.available_seconds_per_day.filter(|a| *a > 0.0 && a.is_finite())?;
        let demand = self.demand_per_day.filter(|d| *d > 0.0 && d.is_finite())?;
        Some(available / demand).filter(|t| t.is_finite())
    }

    /// VSM: available seconds per day from shifts × (hours per shift − breaks), when both the
    /// shifts and their length are set (breaks default to none). Never negative.
    pub fn seconds_from_shifts(&self) -> Option<f64> {
        let shifts = self.shifts_per_day?;
        let hours = self.hours_per_shift?;
        let breaks = self.break_minutes_per_shift.unwrap_or(0.0);
        Some((shifts * (hours * 3600.0 - breaks * 60.0)).max(0.0))
    }
}

/// A swimlane: one role or department.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// People (or parallel servers) working in this lane; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// Thickness of the lane band on the canvas, in px (default 160).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<f64>,
    /// The pool (organisation, BPMN participant) the lane belongs to, by name; empty: the
    /// document's own. Lanes of one pool are written as one participant in BPMN, and message
    /// connectors run between pools.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pool: String,
}

impl Lane {
    pub const DEFAULT_SIZE: f64 = 160.0;
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Lane { id: id.into(), name: name.into(), capacity: None, size: None, pool: String::new() }
    }
    pub fn size(&self) -> f64 {
        self.size.filter(|s| *s > 0.0).unwrap_or(Self::DEFAULT_SIZE)
    }
    pub fn capacity(&self) -> f64 {
        self.capacity.filter(|c| *c > 0.0).unwrap_or(1.0)
    }
}

/// Every node type of every kind. `Kind::node_types` says which belong where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NodeType {
    // swimlane
    Start,
    End,
    Task,
    /// Exclusive decision: exactly one outgoing way is taken.
    Decision,
    /// Parallel split (several ways out) or join (several ways in).
    Parallel,
    /// A document or form that travels with the work (单据).
    #[serde(rename = "document")]
    Form,
    /// A step detailed in another diagram (`link`).
    Subprocess,
    /// An intermediate event: something the flow waits for or signals on its way (`trigger`),
    /// or, attached to a step's border (`attached`), an event that happens during the step and
    /// leads the case another way.
    Event,
    // SIPOC (supplier and customer also in VSM)
    Supplier,
    Input,
    Step,
    Output,
    Customer,
    // VSM
    Process,
    Inventory,
    Shipment,
    /// Production control.
    Control,
    /// Kaizen burst: an improvement note on a problem.
    Kaizen,
}

impl NodeType {
    pub fn as_str(self) -> &'static str {
        use NodeType::*;
        match self {
            Start => "start",
            End => "end",
            Task => "task",
            Decision => "decision",
            Parallel => "parallel",
            Form => "document",
            Subprocess => "subprocess",
            Event => "event",
            Supplier => "supplier",
            Input => "input",
            Step => "step",
            Output => "output",
            Customer => "customer",
            Process => "process",
            Inventory => "inventory",
            Shipment => "shipment",
            Control => "control",
            Kaizen => "kaizen",
        }
    }
    /// Nodes whose time counts as activity time (work and wait).
    pub fn is_activity(self) -> bool {
        matches!(self, NodeType::Task | NodeType::Subprocess | NodeType::Form)
    }
    /// Default size on the canvas.
    pub fn default_size(self) -> (f64, f64) {
        use NodeType::*;
        match self {
            Start | End | Event => (40.0, 40.0),
            Decision | Parallel => (60.0, 60.0),
            Inventory => (60.0, 52.0),
            Kaizen => (130.0, 80.0),
            Process => (130.0, 70.0),
            _ => (120.0, 60.0),
        }
    }
}

/// Value classification of an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ValueClass {
    /// Value-adding: the customer would pay for it.
    Va,
    /// Business value-adding: required, but not for the customer.
    Bva,
    /// Non-value-adding: waste.
    Nva,
}

/// The distribution of a step's duration, for simulation; its mean is always the step's
/// `work` (for `uniform`, `work` should be the middle of its range: the editor keeps it so).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum Dist {
    /// Always `work` (the default).
    Fixed,
    /// Exponential with mean `work`.
    Exponential,
    /// Normal with mean `work` and standard deviation `sd`, drawn again while negative.
    Normal { sd: f64 },
    /// Log-normal with mean `work` and standard deviation `sd`.
    Lognormal { sd: f64 },
    /// Triangular between `min` and `max`, its peak placed so that the mean is `work`
    /// (mode = 3 × work − min − max, kept between them).
    Triangular { min: f64, max: f64 },
    /// Uniform between `min` and `max` (its mean is their middle).
    Uniform { min: f64, max: f64 },
}

impl Dist {
    pub fn as_str(self) -> &'static str {
        match self {
            Dist::Fixed => "fixed",
            Dist::Exponential => "exponential",
            Dist::Normal { .. } => "normal",
            Dist::Lognormal { .. } => "lognormal",
            Dist::Triangular { .. } => "triangular",
            Dist::Uniform { .. } => "uniform",
        }
    }
}

/// What an intermediate event waits for or signals (BPMN's event definitions). None: a plain
/// milestone on the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    Timer,
    Message,
    Signal,
    Error,
    Conditional,
}

impl Trigger {
    pub const ALL: [Trigger; 5] =
        [Trigger::Timer, Trigger::Message, Trigger::Signal, Trigger::Error, Trigger::Conditional];
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Timer => "timer",
            Trigger::Message => "message",
            Trigger::Signal => "signal",
            Trigger::Error => "error",
            Trigger::Conditional => "conditional",
        }
    }
    pub fn named(name: &str) -> Option<Trigger> {
        Trigger::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// One shape on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: NodeType,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Swimlane: id of the lane this node belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<String>,
    /// Top-left corner and size, in canvas px.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub x: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub y: f64,
    /// Width; 0 means the type's default.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub w: f64,
    /// Height; 0 means the type's default.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub h: f64,
    /// Swimlane: execution time (in the document's `time_unit`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub work: f64,
    /// Swimlane: delay before the task starts (in `time_unit`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub wait: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueClass>,
    /// Key control point (业务控制点).
    #[serde(default, skip_serializing_if = "is_false")]
    pub control_point: bool,
    /// The IT system used for this step.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub system: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Sub-process or SIPOC step: id (or title) of the document that details it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// VSM process: cycle time C/T, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_time: Option<f64>,
    /// VSM process: changeover time C/O, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changeover: Option<f64>,
    /// VSM process: uptime, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<f64>,
    /// VSM process: percent complete and accurate %C&A, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pca: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operators: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shifts: Option<f64>,
    /// VSM inventory: units waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// VSM inventory (or shipment): days of demand, given directly instead of `quantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    /// Swimlane step: what it takes in and gives out (forms, documents, information), for the
    /// process document; besides the document shapes connected to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<String>,
    /// Swimlane step: its RACI beyond its lane (which is responsible): the lane accountable for
    /// it, and the lanes consulted and informed. Lane ids; one that no longer exists is left
    /// out of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accountable: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consulted: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub informed: Vec<String>,
    /// Key control point: the risk it controls, the control activity, and the evidence
    /// (record) it leaves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub risk: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub control: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// Event (intermediate, start or end): what it waits for or signals; none: a plain event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// Intermediate event: it signals (throws) rather than waits (catches).
    #[serde(default, skip_serializing_if = "is_false")]
    pub throw: bool,
    /// Intermediate event on a step's border (a boundary event): the id of that step. Its ways
    /// out are the exception path, taken instead of the step's own when the event happens; the
    /// cycle time follows the normal path. An id that names no step leaves the event on the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached: Option<String>,
    /// Boundary event: the step goes on when it happens (non-interrupting).
    #[serde(default, skip_serializing_if = "is_false")]
    pub non_interrupting: bool,
    /// Swimlane step: the distribution of its duration for simulation (mean `work`); none:
    /// fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dist: Option<Dist>,
}

impl Node {
    /// A node of the given type with its default size and nothing else set.
    pub fn new(id: impl Into<String>, kind: NodeType, label: impl Into<String>, x: f64, y: f64) -> Self {
        let (w, h) = kind.default_size();
        Node {
            id: id.into(),
            kind,
            label: label.into(),
            lane: None,
            x,
            y,
            w,
            h,
            work: 0.0,
            wait: 0.0,
            value: None,
            control_point: false,
            system: String::new(),
            notes: String::new(),
            link: None,
            cycle_time: None,
            changeover: None,
            uptime: None,
            pca: None,
            operators: None,
            shifts: None,
            quantity: None,
            days: None,
            inputs: Vec::new(),
            outputs: Vec::new(),
            accountable: None,
            consulted: Vec::new(),
            informed: Vec::new(),
            risk: String::new(),
            control: String::new(),
            evidence: String::new(),
            trigger: None,
            throw: false,
            attached: None,
            non_interrupting: false,
            dist: None,
        }
    }
    pub fn width(&self) -> f64 {
        if self.w > 0.0 {
            self.w
        } else {
            self.kind.default_size().0
        }
    }
    pub fn height(&self) -> f64 {
        if self.h > 0.0 {
            self.h
        } else {
            self.kind.default_size().1
        }
    }
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width() / 2.0, self.y + self.height() / 2.0)
    }
}

/// Kind of a value-stream arrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArrowKind {
    Push,
    Pull,
    Fifo,
    Info,
    InfoElectronic,
    Shipment,
    /// Swimlane: a message between pools (BPMN message flow), drawn dashed, not a way a case
    /// takes (left out of the cycle-time analysis).
    Message,
}

impl ArrowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowKind::Push => "push",
            ArrowKind::Pull => "pull",
            ArrowKind::Fifo => "fifo",
            ArrowKind::Info => "info",
            ArrowKind::InfoElectronic => "info_electronic",
            ArrowKind::Shipment => "shipment",
            ArrowKind::Message => "message",
        }
    }

    /// The kind named as in files (`push`, `info_electronic` …), if any.
    pub fn named(name: &str) -> Option<ArrowKind> {
        [
            ArrowKind::Push,
            ArrowKind::Pull,
            ArrowKind::Fifo,
            ArrowKind::Info,
            ArrowKind::InfoElectronic,
            ArrowKind::Shipment,
            ArrowKind::Message,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }

    /// Material moves along this arrow (as opposed to information).
    pub fn is_material(self) -> bool {
        !matches!(self, ArrowKind::Info | ArrowKind::InfoElectronic | ArrowKind::Message)
    }
}

/// A connector between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub id: String,
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// On an edge leaving a decision: chance this way is taken, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Transfer time along this edge (in `time_unit`); overrides the handoff default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<f64>,
    /// VSM: kind of arrow (default push for material between processes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<ArrowKind>,
    /// Bend points the user gave the connector (its route's corners between its two shapes, in
    /// order, as `[x, y]`); empty: routed automatically.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<[f64; 2]>,
}

impl Edge {
    pub fn new(id: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            label: String::new(),
            probability: None,
            transfer: None,
            flow: None,
            points: Vec::new(),
        }
    }
}
