//! The iteration order of a CPython `set` of small ints built by successive `add()`s. Django
//! collects many-to-many target ids in sets, so the rows of its INSERT/DELETE come out in this
//! order (`{7, 8}` iterates 8 then 7 in an 8-slot table).

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

fn hash(v: i64) -> u64 {
    // hash(-1) is -2 in CPython; other ints of one machine word hash to themselves.
    (if v == -1 { -2 } else { v }) as u64
}

fn insert(table: &mut [Option<i64>], v: i64) {
    let mask = table.len() - 1;
    let h = hash(v);
    let mut perturb = h;
    let mut i = (h as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        for j in 0..=probes {
            if table[i + j].is_none() {
                table[i + j] = Some(v);
                return;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

/// The distinct values of `items` in the order `set()` built from them iterates.
pub fn set_order(items: &[i64]) -> Vec<i64> {
    let mut table: Vec<Option<i64>> = vec![None; MIN_SIZE];
    let mut used = 0usize;
    for &v in items {
        if table.contains(&Some(v)) {
            continue;
        }
        insert(&mut table, v);
        used += 1;
        let mask = table.len() - 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50000 { used * 2 } else { used * 4 };
            let mut size = MIN_SIZE;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for x in old.into_iter().flatten() {
                insert(&mut table, x);
            }
        }
    }
    table.into_iter().flatten().collect()
}
