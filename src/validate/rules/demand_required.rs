//! `demand-required`: a value-stream map needs customer demand (`settings.demand_per_day`,
//! more than 0).
//!
//! Takt time (available time ÷ demand) is the yardstick every process box is measured against,
//! and inventory converts to days of demand; without demand neither can be computed.

use crate::validate::text::num;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "demand-required";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (en, zh) = match cx.doc.settings.demand_per_day {
        None => (
            "Customer demand per day is missing, so takt time cannot be computed".to_string(),
            "缺少客户日需求量,无法计算节拍时间".to_string(),
        ),
        Some(demand) if !(demand > 0.0 && demand.is_finite()) => (
            format!("Customer demand per day must be more than 0 (it is {})", num(demand)),
            format!("客户日需求量必须大于 0(当前为 {})", num(demand)),
        ),
        Some(_) => return,
    };
    out.push(Finding::new(ID, SEVERITY, Vec::new(), en, zh));
}
