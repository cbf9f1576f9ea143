//! Upgrades documents written by older versions of the format, one version step at a time.
//!
//! Version 1 is the first published format, so the list is empty today; each future format change
//! appends one step here (and a fixture of the old version under tests/fixtures/format/).

use super::LoadError;
use crate::model::VERSION;
use serde_json::Value;

/// Rewrites a document of version `from` into version `from + 1`.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[i]` upgrades version `i + 1` to `i + 2`.
pub static MIGRATIONS: &[Migration] = &[];

/// Applies every step from `from` up to the current version and stamps the new version.
pub fn migrate(value: Value, from: u32) -> Result<Value, LoadError> {
    migrate_with(MIGRATIONS, value, from, VERSION)
}

/// The mechanism behind `migrate`, over any list of steps (so it can be tested on its own).
pub fn migrate_with(steps: &[Migration], mut value: Value, from: u32, to: u32) -> Result<Value, LoadError> {
    if from == 0 || to as usize > steps.len() + 1 {
        return Err(LoadError::Migration { from, detail: format!("no upgrade path from version {from} to {to}") });
    }
    for version in from..to {
        let step = steps[(version - 1) as usize];
        value = step(value).map_err(|detail| LoadError::Migration { from: version, detail })?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("version".into(), Value::from(version + 1));
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rename_name_to_label(mut v: Value) -> Result<Value, String> {
        for node in v["nodes"].as_array_mut().ok_or("nodes is not a list")? {
            if let Some(name) = node.as_object_mut().and_then(|o| o.remove("name")) {
                node["label"] = name;
            }
        }
        Ok(v)
    }
    fn add_kind(mut v: Value) -> Result<Value, String> {
        v["kind"] = json!("swimlane");
        Ok(v)
    }

    #[test]
    fn steps_run_in_order_and_stamp_each_version() {
        let old = json!({"format": "procmod", "version": 1, "nodes": [{"id": "a", "name": "Order"}]});
        let steps: &[Migration] = &[rename_name_to_label, add_kind];
        let new = migrate_with(steps, old, 1, 3).unwrap();
        assert_eq!(new["version"], 3);
        assert_eq!(new["nodes"][0]["label"], "Order");
        assert_eq!(new["kind"], "swimlane");
    }

    #[test]
    fn a_failing_step_names_its_version() {
        let steps: &[Migration] = &[rename_name_to_label];
        let err = migrate_with(steps, json!({"nodes": 3}), 1, 2).unwrap_err();
        assert_eq!(err, LoadError::Migration { from: 1, detail: "nodes is not a list".into() });
    }

    #[test]
    fn current_version_needs_no_step() {
        let doc = json!({"format": "procmod", "version": VERSION});
        assert_eq!(migrate(doc.clone(), VERSION).unwrap(), doc);
    }
}
