//! Undo and redo: stacks of recorded commands, transactions that make one user gesture (a drag,
//! a paste) one step, and a cap on how many steps are kept. Selection and view state are not
//! history; empty changes are never recorded.

use crate::command::{Command, CommandError};
use crate::model::Document;

/// One undoable step: what redoes it and what undoes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub forward: Command,
    pub inverse: Command,
}

/// Undo/redo stacks over one document.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    cap: usize,
    /// Steps of an open transaction, in the order applied.
    open: Option<Vec<Step>>,
}

impl Default for History {
    fn default() -> Self {
        History::with_cap(500)
    }
}

impl History {
    /// A history that keeps at most `cap` undo steps (the oldest are dropped).
    pub fn with_cap(cap: usize) -> Self {
        History { undo: Vec::new(), redo: Vec::new(), cap: cap.max(1), open: None }
    }

    /// Applies `cmd` and records it (inside the open transaction if there is one).
    /// Returns false when the command changed nothing (and so was not recorded).
    pub fn execute(&mut self, doc: &mut Document, cmd: Command) -> Result<bool, CommandError> {
        let inverse = cmd.apply(doc)?;
        if cmd.is_noop_given_inverse(&inverse) {
            return Ok(false);
        }
        let step = Step { forward: cmd, inverse };
        match &mut self.open {
            Some(steps) => steps.push(step),
            None => self.push(step),
        }
        Ok(true)
    }

    fn push(&mut self, step: Step) {
        self.redo.clear();
        self.undo.push(step);
        if self.undo.len() > self.cap {
            let excess = self.undo.len() - self.cap;
            self.undo.drain(..excess);
        }
    }

    /// Starts grouping the following commands into one step. A transaction already open stays
    /// open (nested gestures join the outer one).
    pub fn begin(&mut self) {
        if self.open.is_none() {
            self.open = Some(Vec::new());
        }
    }

    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Closes the transaction as one undo step (nothing is recorded if it changed nothing).
    pub fn commit(&mut self) {
        let Some(steps) = self.open.take() else {
            return;
        };
        let mut steps = steps;
        if steps.len() > 1 {
            let forward = Command::Batch(steps.iter().map(|s| s.forward.clone()).collect());
            let inverse = Command::Batch(steps.into_iter().rev().map(|s| s.inverse).collect());
            self.push(Step { forward, inverse });
        } else if let Some(step) = steps.pop() {
            self.push(step);
        }
    }

    /// Undoes everything done inside the open transaction and closes it. Inverses recorded
    /// moments ago apply to the document they were made on; an error (which the property tests
    /// rule out) is returned, never a panic.
    pub fn abort(&mut self, doc: &mut Document) -> Result<(), CommandError> {
        let Some(steps) = self.open.take() else {
            return Ok(());
        };
        for step in steps.into_iter().rev() {
            step.inverse.apply(doc)?;
        }
        Ok(())
    }

    /// Forgets the open transaction without undoing it: for a caller that puts back its own copy
    /// of the document from before the transaction.
    pub fn discard(&mut self) {
        self.open = None;
    }

    /// Undoes the last step. Returns it, or None when there is nothing to undo.
    pub fn undo(&mut self, doc: &mut Document) -> Result<Option<&Step>, CommandError> {
        self.commit();
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        if let Err(e) = step.inverse.apply(doc) {
            self.undo.push(step);
            return Err(e);
        }
        self.redo.push(step);
        Ok(self.redo.last())
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, doc: &mut Document) -> Result<Option<&Step>, CommandError> {
        self.commit();
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(e) = step.forward.apply(doc) {
            self.redo.push(step);
            return Err(e);
        }
        self.undo.push(step);
        Ok(self.undo.last())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.open.as_ref().is_some_and(|s| !s.is_empty())
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }
    /// The step `undo` would revert.
    pub fn peek_undo(&self) -> Option<&Step> {
        self.undo.last()
    }
    pub fn peek_redo(&self) -> Option<&Step> {
        self.redo.last()
    }

    /// Forgets every step (after opening another document).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.open = None;
    }
}
