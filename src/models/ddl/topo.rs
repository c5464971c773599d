//! Python's `graphlib.TopologicalSorter(...).static_order()`, node for node: the order
//! `_sort_migrations` gets depends on its insertion-ordered bookkeeping, so it is mirrored
//! exactly (duplicate edges count twice, ready nodes come out in batches).

/// Nodes are `0..n`, added in the order `add` is called.
#[derive(Default)]
pub struct TopologicalSorter {
    /// Insertion order of nodes (`_node2info` is an insertion-ordered dict).
    order: Vec<usize>,
    npredecessors: Vec<i64>,
    successors: Vec<Vec<usize>>,
    known: Vec<bool>,
}

impl TopologicalSorter {
    pub fn new(n: usize) -> TopologicalSorter {
        TopologicalSorter {
            order: Vec::new(),
            npredecessors: vec![0; n],
            successors: vec![Vec::new(); n],
            known: vec![false; n],
        }
    }

    fn info(&mut self, node: usize) {
        if !self.known[node] {
            self.known[node] = true;
            self.order.push(node);
        }
    }

    /// `add(node, *predecessors)`.
    pub fn add(&mut self, node: usize, predecessors: &[usize]) {
        self.info(node);
        self.npredecessors[node] += predecessors.len() as i64;
        for &p in predecessors {
            self.info(p);
            self.successors[p].push(node);
        }
    }

    /// `static_order()`; `None` on a cycle (Python raises `CycleError`).
    pub fn static_order(mut self) -> Option<Vec<usize>> {
        let mut ready: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&n| self.npredecessors[n] == 0)
            .collect();
        let mut out = Vec::with_capacity(self.order.len());
        while !ready.is_empty() {
            let group = std::mem::take(&mut ready);
            out.extend(&group);
            for node in group {
                for &s in &self.successors[node] {
                    self.npredecessors[s] -= 1;
                    if self.npredecessors[s] == 0 {
                        ready.push(s);
                    }
                }
            }
        }
        (out.len() == self.order.len()).then_some(out)
    }
}
