//! Expected visits in an absorbing Markov chain: the exact answer for decisions and rework loops
//! of any shape.
//!
//! With Q the transitions between transient states and e the entry distribution, the expected
//! visits v solve v = e + Qᵀ v, that is (I − Qᵀ) v = e. The chain is cut into strongly connected
//! components, solved one at a time in topological order: a component's inflow comes only from
//! components already solved, so a flow without loops costs one pass, and only loops need
//! elimination. A small component is solved densely (Gaussian elimination with partial
//! pivoting); a large one by sparse elimination in minimum-degree order.
//!
//! Knows nothing of documents: states are `u32` ids and a [`Chain`] says where they lead.

/// States up to this size are solved densely; larger ones by sparse elimination.
const DENSE_MAX: usize = 32;

/// A pivot or exit probability at or below this is taken as zero: the component never lets go
/// of a case, and its visits are unbounded.
const SINGULAR: f64 = 1e-12;

/// Marker for "none" in the `u32` scratch arrays.
const NONE: u32 = u32::MAX;

/// A Markov chain over `u32` states. Each state's transition probabilities must add up to 1
/// (or be empty, for a state that absorbs); states outside the chain ([`Chain::transient`]
/// false) absorb too, and are not solved.
pub(crate) trait Chain {
    /// Number of transitions out of `u`.
    fn degree(&self, u: u32) -> usize;
    /// The `i`-th transition out of `u`: target and probability (above zero).
    fn step(&self, u: u32, i: usize) -> (u32, f64);
    /// Whether `u` belongs to the chain being solved.
    fn transient(&self, u: u32) -> bool;
}

/// A component whose visits cannot be computed: no case that enters it ever leaves.
#[derive(Debug, PartialEq)]
pub(crate) struct Singular(pub Vec<u32>);

/// A state as sparse elimination removed it, for back-substitution: the state, its d_k, its
/// inflow at elimination, and the (not yet eliminated) states that lead to it.
type Eliminated = (u32, f64, f64, Vec<(u32, f64)>);

/// Reusable solver. Scratch arrays are sized to the largest state id seen and left clean after
/// each solve, so solving many small chains (one per parallel branch) costs only what they touch.
#[derive(Default)]
pub(crate) struct Solver {
    /// Tarjan discovery number, `NONE` when unvisited.
    index: Vec<u32>,
    low: Vec<u32>,
    /// Component number once the state's component is complete, `NONE` before.
    comp: Vec<u32>,
    /// Expected arrivals from entries and from components already solved.
    inflow: Vec<f64>,
    /// Position of a state inside the component being solved.
    local: Vec<u32>,
    /// The state has a transition to itself.
    looped: Vec<bool>,
    stack: Vec<u32>,
    /// Tarjan's call stack: state, next transition to follow, number of transitions.
    calls: Vec<(u32, usize, usize)>,
    /// Components as ranges of `members`, in the order Tarjan completes them (reverse topological).
    members: Vec<u32>,
    bounds: Vec<usize>,
    dense: Vec<f64>,
    rhs: Vec<f64>,
}

impl Solver {
    pub fn new() -> Self {
        Self::default()
    }

    fn reserve(&mut self, n: usize) {
        if self.index.len() < n {
            self.index.resize(n, NONE);
            self.low.resize(n, NONE);
            self.comp.resize(n, NONE);
            self.inflow.resize(n, 0.0);
            self.local.resize(n, NONE);
            self.looped.resize(n, false);
        }
    }

    /// Expected visits of every state of `chain` reachable from `entries` (state, expected
    /// arrivals), appended to `out` in topological order of their components.
    ///
    /// `n` bounds the state ids.
    ///
    /// # Complexity
    /// O(V + E) for the components (Tarjan, iterative so that a long flow cannot overflow the
    /// stack), plus for each component of size m: O(m³) when m ≤ 32 (dense), else the cost of
    /// sparse elimination, O(Σ in-degree × out-degree of each state at its elimination). The
    /// minimum-degree order keeps that close to O(m) for the loops of a process (rework back a
    /// few steps); only a component that is densely connected throughout approaches O(m³).
    pub fn solve(
        &mut self,
        chain: &impl Chain,
        n: usize,
        entries: &[(u32, f64)],
        out: &mut Vec<(u32, f64)>,
    ) -> Result<(), Singular> {
        self.reserve(n);
        self.members.clear();
        self.bounds.clear();
        self.bounds.push(0);
        for &(e, _) in entries {
            if chain.transient(e) && self.index[e as usize] == NONE {
                self.components(chain, e);
            }
        }
        for &(e, w) in entries {
            if chain.transient(e) {
                self.inflow[e as usize] += w;
            }
        }
        let result = self.solve_components(chain, out);
        for &u in &self.members {
            self.index[u as usize] = NONE;
            self.low[u as usize] = NONE;
            self.comp[u as usize] = NONE;
            self.inflow[u as usize] = 0.0;
            self.looped[u as usize] = false;
        }
        result
    }

    /// Tarjan's algorithm from `root`, with an explicit call stack. (petgraph's `tarjan_scc`
    /// recurses once per state along a path: a 10,000-step flow would need a deeper stack than
    /// wasm's default 1 MiB.)
    fn components(&mut self, chain: &impl Chain, root: u32) {
        let mut counter = self.members.len() as u32 + self.stack.len() as u32;
        let mut discover = |s: &mut Self, u: u32| {
            s.index[u as usize] = counter;
            s.low[u as usize] = counter;
            counter += 1;
            s.stack.push(u);
            s.calls.push((u, 0, chain.degree(u)));
        };
        discover(self, root);
        while let Some(&mut (v, ref mut next, degree)) = self.calls.last_mut() {
            if *next < degree {
                let (w, _) = chain.step(v, *next);
                *next += 1;
                if w == v {
                    self.looped[v as usize] = true;
                }
                if !chain.transient(w) {
                    continue;
                }
                if self.index[w as usize] == NONE {
                    discover(self, w);
                } else if self.comp[w as usize] == NONE {
                    // On the stack: w is in v's component.
                    self.low[v as usize] = self.low[v as usize].min(self.index[w as usize]);
                }
                continue;
            }
            self.calls.pop();
            if let Some(&(parent, _, _)) = self.calls.last() {
                self.low[parent as usize] = self.low[parent as usize].min(self.low[v as usize]);
            }
            if self.low[v as usize] == self.index[v as usize] {
                let c = self.bounds.len() as u32 - 1;
                loop {
                    // The invariant of Tarjan's algorithm: v is on the stack.
                    let w = self.stack.pop().expect("v is on the stack");
                    self.comp[w as usize] = c;
                    self.members.push(w);
                    if w == v {
                        break;
                    }
                }
                self.bounds.push(self.members.len());
            }
        }
    }

    fn solve_components(&mut self, chain: &impl Chain, out: &mut Vec<(u32, f64)>) -> Result<(), Singular> {
        for c in (0..self.bounds.len() - 1).rev() {
            let (lo, hi) = (self.bounds[c], self.bounds[c + 1]);
            let first = out.len();
            match hi - lo {
                1 => {
                    let u = self.members[lo];
                    let v = if self.looped[u as usize] { self.single(chain, u)? } else { self.inflow[u as usize] };
                    out.push((u, v));
                }
                m if m <= DENSE_MAX => self.dense(chain, lo, hi, out)?,
                _ => self.sparse(chain, lo, hi, out)?,
            }
            // Pass the component's outflow on to later components.
            for &(u, v) in &out[first..] {
                for i in 0..chain.degree(u) {
                    let (t, p) = chain.step(u, i);
                    if chain.transient(t) && self.comp[t as usize] != c as u32 {
                        self.inflow[t as usize] += v * p;
                    }
                }
            }
        }
        Ok(())
    }

    /// A component of one state: v = b / (1 − q_uu). The denominator is the sum of the other
    /// transitions, which avoids the cancellation of 1 − q_uu when q_uu is close to 1.
    fn single(&self, chain: &impl Chain, u: u32) -> Result<f64, Singular> {
        let b = self.inflow[u as usize];
        let (mut stay, mut leave) = (0.0, 0.0);
        for i in 0..chain.degree(u) {
            let (t, p) = chain.step(u, i);
            if t == u {
                stay += p;
            } else {
                leave += p;
            }
        }
        if stay == 0.0 {
            return Ok(b);
        }
        if leave <= SINGULAR {
            return Err(Singular(vec![u]));
        }
        Ok(b / leave)
    }

    /// Gaussian elimination with partial pivoting on the component's (I − Qᵀ) v = b.
    fn dense(&mut self, chain: &impl Chain, lo: usize, hi: usize, out: &mut Vec<(u32, f64)>) -> Result<(), Singular> {
        let m = hi - lo;
        for (k, &u) in self.members[lo..hi].iter().enumerate() {
            self.local[u as usize] = k as u32;
        }
        let a = &mut self.dense;
        a.clear();
        a.resize(m * m, 0.0);
        self.rhs.clear();
        for (k, &u) in self.members[lo..hi].iter().enumerate() {
            self.rhs.push(self.inflow[u as usize]);
            for i in 0..chain.degree(u) {
                let (t, p) = chain.step(u, i);
                if t == u {
                    continue;
                }
                // The diagonal 1 − q_uu, summed from the other transitions (see `single`).
                a[k * m + k] += p;
                if chain.transient(t) {
                    let j = self.local[t as usize];
                    if j != NONE && self.members[lo + j as usize] == t {
                        a[j as usize * m + k] -= p;
                    }
                }
            }
        }
        let b = &mut self.rhs;
        for col in 0..m {
            let pivot = (col..m).max_by(|&r, &s| a[r * m + col].abs().total_cmp(&a[s * m + col].abs())).unwrap_or(col);
            if a[pivot * m + col].abs() <= SINGULAR {
                let nodes = self.members[lo..hi].to_vec();
                self.clear_local(lo, hi);
                return Err(Singular(nodes));
            }
            if pivot != col {
                for j in 0..m {
                    a.swap(pivot * m + j, col * m + j);
                }
                b.swap(pivot, col);
            }
            let d = a[col * m + col];
            for r in col + 1..m {
                let f = a[r * m + col] / d;
                if f != 0.0 {
                    for j in col..m {
                        a[r * m + j] -= f * a[col * m + j];
                    }
                    b[r] -= f * b[col];
                }
            }
        }
        for col in (0..m).rev() {
            let mut s = b[col];
            for j in col + 1..m {
                s -= a[col * m + j] * b[j];
            }
            b[col] = s / a[col * m + col];
        }
        for (k, &u) in self.members[lo..hi].iter().enumerate() {
            // The exact solution is non-negative (the inverse of I − Qᵀ is); clamp rounding noise.
            out.push((u, b[k].max(0.0)));
        }
        self.clear_local(lo, hi);
        Ok(())
    }

    fn clear_local(&mut self, lo: usize, hi: usize) {
        for &u in &self.members[lo..hi] {
            self.local[u as usize] = NONE;
        }
    }

    /// Sparse elimination of a large component, state by state in minimum-degree (Markowitz)
    /// order.
    ///
    /// Eliminating state k folds its paths into its neighbours: every i → k → j becomes
    /// i → j with probability q_ik q_kj / d_k, where d_k = 1 − q_kk, and k's inflow moves on to
    /// its successors the same way. Following Grassmann, Taksar and Heyman, d_k is summed from
    /// k's remaining transitions (to other states and out of the component) rather than computed
    /// as 1 − q_kk, so no cancellation occurs however likely a loop is. Back-substitution in
    /// reverse order then gives each state's visits.
    fn sparse(&mut self, chain: &impl Chain, lo: usize, hi: usize, out: &mut Vec<(u32, f64)>) -> Result<(), Singular> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;

        let m = hi - lo;
        for (k, &u) in self.members[lo..hi].iter().enumerate() {
            self.local[u as usize] = k as u32;
        }
        let c = self.comp[self.members[lo] as usize];
        let mut succ: Vec<Vec<(u32, f64)>> = vec![Vec::new(); m];
        let mut pred: Vec<Vec<(u32, f64)>> = vec![Vec::new(); m];
        // Probability of leaving the component from each state (to absorbing or later states).
        let mut exit = vec![0.0; m];
        let mut b: Vec<f64> = self.members[lo..hi].iter().map(|&u| self.inflow[u as usize]).collect();
        for (k, &u) in self.members[lo..hi].iter().enumerate() {
            for i in 0..chain.degree(u) {
                let (t, p) = chain.step(u, i);
                if t == u {
                    continue;
                }
                if chain.transient(t) && self.comp[t as usize] == c {
                    let j = self.local[t as usize];
                    add(&mut succ[k], j, p);
                    add(&mut pred[j as usize], k as u32, p);
                } else {
                    exit[k] += p;
                }
            }
        }
        self.clear_local(lo, hi);

        let cost = |succ: &[Vec<(u32, f64)>], pred: &[Vec<(u32, f64)>], k: usize| succ[k].len() * pred[k].len();
        let mut heap: BinaryHeap<Reverse<(usize, u32)>> =
            (0..m).map(|k| Reverse((cost(&succ, &pred, k), k as u32))).collect();
        let mut eliminated = vec![false; m];
        // For back-substitution: each state in elimination order, its d_k, its inflow at
        // elimination, and the (not yet eliminated) states that lead to it.
        let mut order: Vec<Eliminated> = Vec::with_capacity(m);
        while let Some(Reverse((stale, k))) = heap.pop() {
            let k = k as usize;
            if eliminated[k] {
                continue;
            }
            let now = cost(&succ, &pred, k);
            if now != stale {
                heap.push(Reverse((now, k as u32)));
                continue;
            }
            eliminated[k] = true;
            let out_k = std::mem::take(&mut succ[k]);
            let in_k = std::mem::take(&mut pred[k]);
            let d = exit[k] + out_k.iter().map(|&(_, q)| q).sum::<f64>();
            if d <= SINGULAR {
                return Err(Singular(self.members[lo..hi].to_vec()));
            }
            for &(j, q) in &out_k {
                b[j as usize] += b[k] * q / d;
                remove(&mut pred[j as usize], k as u32);
            }
            for &(i, q_ik) in &in_k {
                let i = i as usize;
                remove(&mut succ[i], k as u32);
                let f = q_ik / d;
                exit[i] += f * exit[k];
                for &(j, q_kj) in &out_k {
                    // i → k → i is a self-loop of i: it lowers d_i, which is summed from the
                    // other transitions, so it is simply not recorded.
                    if j as usize != i {
                        add(&mut succ[i], j, f * q_kj);
                        add(&mut pred[j as usize], i as u32, f * q_kj);
                    }
                }
                heap.push(Reverse((cost(&succ, &pred, i), i as u32)));
            }
            for &(j, _) in &out_k {
                heap.push(Reverse((cost(&succ, &pred, j as usize), j)));
            }
            order.push((k as u32, d, b[k], in_k));
        }
        let mut v = vec![0.0; m];
        for (k, d, bk, in_k) in order.iter().rev() {
            let s: f64 = in_k.iter().map(|&(i, q)| v[i as usize] * q).sum();
            v[*k as usize] = ((bk + s) / d).max(0.0);
        }
        out.extend(self.members[lo..hi].iter().zip(&v).map(|(&u, &x)| (u, x)));
        Ok(())
    }
}

fn add(row: &mut Vec<(u32, f64)>, j: u32, q: f64) {
    match row.iter_mut().find(|(k, _)| *k == j) {
        Some((_, x)) => *x += q,
        None => row.push((j, q)),
    }
}

fn remove(row: &mut Vec<(u32, f64)>, j: u32) {
    if let Some(pos) = row.iter().position(|(k, _)| *k == j) {
        row.swap_remove(pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain given as explicit transition lists; every state is transient unless listed
    /// as absorbing.
    struct Lists {
        steps: Vec<Vec<(u32, f64)>>,
        absorbing: Vec<bool>,
    }

    impl Chain for Lists {
        fn degree(&self, u: u32) -> usize {
            self.steps[u as usize].len()
        }
        fn step(&self, u: u32, i: usize) -> (u32, f64) {
            self.steps[u as usize][i]
        }
        fn transient(&self, u: u32) -> bool {
            !self.absorbing[u as usize]
        }
    }

    fn solve(chain: &Lists, entries: &[(u32, f64)]) -> Result<Vec<f64>, Singular> {
        let n = chain.steps.len();
        let mut out = Vec::new();
        Solver::new().solve(chain, n, entries, &mut out)?;
        let mut v = vec![0.0; n];
        for (u, x) in out {
            v[u as usize] = x;
        }
        Ok(v)
    }

    /// Rework: a task repeated with probability r is visited 1 / (1 − r) times.
    #[test]
    fn self_loop_visits_are_geometric() {
        let chain = Lists { steps: vec![vec![(0, 0.2), (1, 0.8)], vec![]], absorbing: vec![false, false] };
        let v = solve(&chain, &[(0, 1.0)]).unwrap();
        assert!((v[0] - 1.25).abs() < 1e-12);
        assert!((v[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn loop_without_exit_is_singular() {
        let chain = Lists { steps: vec![vec![(1, 1.0)], vec![(0, 1.0)]], absorbing: vec![false, false] };
        let err = solve(&chain, &[(0, 1.0)]).unwrap_err();
        let mut nodes = err.0;
        nodes.sort();
        assert_eq!(nodes, vec![0, 1]);
    }

    /// A ring of `m` states with random back edges, leaving to an absorbing state `m`.
    fn random_ring(m: usize, seed: u64) -> Lists {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as f64 / (1u64 << 31) as f64
        };
        let mut steps = vec![Vec::new(); m + 1];
        for (u, out) in steps.iter_mut().enumerate().take(m) {
            let back = (u + m - 1 - (next() * 4.0) as usize) % m;
            let r = 0.1 + 0.3 * next();
            let leave = 0.05 * next();
            out.push((back as u32, r));
            out.push((m as u32, leave));
            out.push((((u + 1) % m) as u32, 1.0 - r - leave));
        }
        Lists { steps, absorbing: vec![false; m + 1] }
    }

    /// The sparse elimination and the dense solver agree on the same component.
    #[test]
    fn sparse_elimination_matches_dense_solution() {
        for seed in 1..6 {
            let m = 30;
            let chain = random_ring(m, seed);
            // Solved densely (m ≤ DENSE_MAX) …
            let dense = solve(&chain, &[(0, 1.0)]).unwrap();
            // … and sparsely, by calling the sparse path on the same component directly.
            let mut s = Solver::new();
            s.reserve(m + 1);
            s.members.clear();
            s.bounds.clear();
            s.bounds.push(0);
            s.components(&chain, 0);
            s.inflow[0] = 1.0;
            // Tarjan completes the absorbing state first and the ring (holding the root) last.
            let c = s.bounds.len() - 1;
            let (lo, hi) = (s.bounds[c - 1], s.bounds[c]);
            assert_eq!(hi - lo, m);
            let mut out = Vec::new();
            s.sparse(&chain, lo, hi, &mut out).unwrap();
            for (u, x) in out {
                assert!((x - dense[u as usize]).abs() < 1e-9 * dense[u as usize].max(1.0), "state {u}");
            }
        }
    }

    /// Visits satisfy v = e + Qᵀ v on a component too large for the dense solver.
    #[test]
    fn large_component_satisfies_the_visit_equations() {
        let m = 500;
        let chain = random_ring(m, 7);
        let v = solve(&chain, &[(0, 1.0)]).unwrap();
        let mut rhs = vec![0.0; m + 1];
        rhs[0] = 1.0;
        for (u, steps) in chain.steps.iter().enumerate() {
            for &(t, p) in steps {
                rhs[t as usize] += v[u] * p;
            }
        }
        for u in 0..=m {
            assert!((v[u] - rhs[u]).abs() < 1e-9 * v[u].max(1.0), "state {u}: {} vs {}", v[u], rhs[u]);
        }
        // Every case leaves the ring exactly once.
        assert!((v[m] - 1.0).abs() < 1e-9);
    }
}
