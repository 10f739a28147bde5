//! The two sorts a geo search's results go through, reproduced because ties (members
//! at the same distance) come out in whatever order the sort leaves them:
//! - all results sorted: glibc's `qsort`, a stable top-down merge sort;
//! - only the first COUNT needed: Redis's `pqsort` (pqsort.c), Bentley and McIlroy's
//!   quicksort that leaves alone the partitions outside the wanted range.
//!
//! Both take Redis's three-way comparator (`< 0`, `0`, `> 0`).

/// glibc's `msort_with_tmp`: halves sorted in turn, then merged taking from the left
/// half on ties.
pub(super) fn merge_sort<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> i32) {
    let n = items.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut tmp = Vec::with_capacity(n);
    msort(&mut order, &mut tmp, &|a, b| cmp(&items[a], &items[b]));
    permute(items, &order);
}

fn msort(b: &mut [usize], tmp: &mut Vec<usize>, cmp: &dyn Fn(usize, usize) -> i32) {
    let n = b.len();
    if n <= 1 {
        return;
    }
    let n1 = n / 2;
    msort(&mut b[..n1], tmp, cmp);
    msort(&mut b[n1..], tmp, cmp);
    tmp.clear();
    let (mut i, mut j) = (0, n1);
    while i < n1 && j < n {
        if cmp(b[i], b[j]) <= 0 {
            tmp.push(b[i]);
            i += 1;
        } else {
            tmp.push(b[j]);
            j += 1;
        }
    }
    tmp.extend_from_slice(&b[i..n1]);
    // What is left of the right half is already in place.
    let merged = tmp.len();
    b[..merged].copy_from_slice(tmp);
}

/// `pqsort(a, n, es, cmp, 0, last)`: the first `last + 1` items end up sorted.
pub(super) fn partial_quicksort<T>(items: &mut Vec<T>, last: usize, cmp: impl Fn(&T, &T) -> i32) {
    let n = items.len();
    let mut order: Vec<usize> = (0..n).collect();
    pqsort(&mut order, 0, n, 0, last, &|a, b| cmp(&items[a], &items[b]));
    permute(items, &order);
}

/// Reorders `items` so that position i holds what was at `order[i]`.
fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)));
}

/// The median of three positions, as pqsort.c's `med3` picks it.
fn med3(v: &[usize], a: usize, b: usize, c: usize, cmp: &dyn Fn(usize, usize) -> i32) -> usize {
    if cmp(v[a], v[b]) < 0 {
        if cmp(v[b], v[c]) < 0 {
            b
        } else if cmp(v[a], v[c]) < 0 {
            c
        } else {
            a
        }
    } else if cmp(v[b], v[c]) > 0 {
        b
    } else if cmp(v[a], v[c]) < 0 {
        a
    } else {
        c
    }
}

fn vecswap(v: &mut [usize], a: usize, b: usize, n: usize) {
    for i in 0..n {
        v.swap(a + i, b + i);
    }
}

/// Whether the sub-array [start, start + len) holds part of the wanted range [l, r].
fn wanted(start: usize, len: usize, l: usize, r: usize) -> bool {
    let end = start + len;
    !((l < start && r < start) || (l >= end && r >= end))
}

/// `_pqsort` over `v[a..a + n]`, wanting positions `l..=r` sorted.
fn pqsort(v: &mut [usize], mut a: usize, mut n: usize, l: usize, r: usize, cmp: &dyn Fn(usize, usize) -> i32) {
    loop {
        if n < 7 {
            for pm in a + 1..a + n {
                let mut pl = pm;
                while pl > a && cmp(v[pl - 1], v[pl]) > 0 {
                    v.swap(pl, pl - 1);
                    pl -= 1;
                }
            }
            return;
        }
        let mut pm = a + n / 2;
        if n > 7 {
            let mut pl = a;
            let mut pn = a + n - 1;
            if n > 40 {
                let d = n / 8;
                pl = med3(v, pl, pl + d, pl + 2 * d, cmp);
                pm = med3(v, pm - d, pm, pm + d, cmp);
                pn = med3(v, pn - 2 * d, pn - d, pn, cmp);
            }
            pm = med3(v, pl, pm, pn, cmp);
        }
        v.swap(a, pm);
        let (mut pa, mut pb) = (a + 1, a + 1);
        let (mut pc, mut pd) = (a + n - 1, a + n - 1);
        loop {
            while pb <= pc {
                let c = cmp(v[pb], v[a]);
                if c > 0 {
                    break;
                }
                if c == 0 {
                    v.swap(pa, pb);
                    pa += 1;
                }
                pb += 1;
            }
            while pb <= pc {
                let c = cmp(v[pc], v[a]);
                if c < 0 {
                    break;
                }
                if c == 0 {
                    v.swap(pc, pd);
                    pd -= 1;
                }
                pc -= 1;
            }
            if pb > pc {
                break;
            }
            v.swap(pb, pc);
            pb += 1;
            pc -= 1;
        }
        let pn = a + n;
        let s = (pa - a).min(pb - pa);
        vecswap(v, a, pb - s, s);
        let s = (pd - pc).min(pn - pd - 1);
        vecswap(v, pb, pn - s, s);
        let left = pb - pa;
        if left > 1 && wanted(a, left, l, r) {
            pqsort(v, a, left, l, r, cmp);
        }
        let right = pd - pc;
        if right > 1 {
            a = pn - right;
            n = right;
            if wanted(a, n, l, r) {
                continue;
            }
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &(i32, usize), b: &(i32, usize)) -> i32 {
        (a.0 > b.0) as i32 - (a.0 < b.0) as i32
    }

    #[test]
    fn merge_sort_is_stable() {
        let mut v: Vec<(i32, usize)> = [3, 1, 2, 1, 3, 0, 2].iter().enumerate().map(|(i, &k)| (k, i)).collect();
        merge_sort(&mut v, cmp);
        assert_eq!(v, vec![(0, 5), (1, 1), (1, 3), (2, 2), (2, 6), (3, 0), (3, 4)]);
    }

    #[test]
    fn partial_quicksort_sorts_the_wanted_prefix() {
        for n in [1usize, 5, 7, 8, 30, 41, 100, 500] {
            let items: Vec<(i32, usize)> = (0..n).map(|i| (((i * 7919) % 97) as i32, i)).collect();
            let mut sorted = items.clone();
            sorted.sort_by_key(|p| p.0);
            for last in [0, n / 3, n - 1] {
                let mut v = items.clone();
                partial_quicksort(&mut v, last, cmp);
                let keys: Vec<i32> = v[..=last].iter().map(|p| p.0).collect();
                let want: Vec<i32> = sorted[..=last].iter().map(|p| p.0).collect();
                assert_eq!(keys, want, "n {n} last {last}");
                assert_eq!(v.len(), n);
            }
        }
    }
}
