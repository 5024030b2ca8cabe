//! CPython 3.11's iteration order of a `set` of string tuples under `PYTHONHASHSEED=0`
//! (SipHash-1-3 with a zero key, the tuple hash, and the set's open addressing). Django keeps
//! `unique_together`/`index_together` in sets, so the order it creates or drops them in is the
//! set's order; the reference data was generated with `PYTHONHASHSEED=0`.

const PERTURB_SHIFT: u32 = 5;
const LINEAR_PROBES: usize = 9;

fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[2] = v[2].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[1]);
    v[0] = v[0].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 with a zero key.
fn siphash13(data: &[u8]) -> u64 {
    let mut v = [
        0x736f_6d65_7073_6575u64,
        0x646f_7261_6e64_6f6d,
        0x6c79_6765_6e65_7261,
        0x7465_6462_7974_6573,
    ];
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v[3] ^= m;
        sip_round(&mut v);
        v[0] ^= m;
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(tail);
    v[3] ^= b;
    sip_round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    for _ in 0..3 {
        sip_round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// `hash(str)` for strings CPython stores one byte per character (Latin-1); `None` otherwise.
fn str_hash(text: &str) -> Option<i64> {
    if text.is_empty() {
        return Some(0);
    }
    let bytes: Option<Vec<u8>> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    let hash = siphash13(&bytes?) as i64;
    Some(if hash == -1 { -2 } else { hash })
}

/// `hash(tuple_of_str)`.
fn tuple_hash(items: &[String]) -> Option<i64> {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for item in items {
        let lane = str_hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (PRIME_5 ^ 3_527_539));
    Some(if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    })
}

struct Table {
    slots: Vec<Option<(u64, usize)>>,
    fill: usize,
}

impl Table {
    fn with_size(size: usize) -> Self {
        Table {
            slots: vec![None; size],
            fill: 0,
        }
    }

    fn insert_clean(&mut self, hash: u64, item: usize) {
        let mask = self.slots.len() - 1;
        let mut perturb = hash;
        let mut index = (hash as usize) & mask;
        loop {
            let probes = if index + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for offset in 0..=probes {
                if self.slots[index + offset].is_none() {
                    self.slots[index + offset] = Some((hash, item));
                    self.fill += 1;
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            index = (index
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn add(&mut self, hash: u64, item: usize) {
        self.insert_clean(hash, item);
        let mask = self.slots.len() - 1;
        if self.fill * 5 >= mask * 3 {
            let used = self.fill;
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(self, Table::with_size(size));
            for (hash, item) in old.slots.into_iter().flatten() {
                self.insert_clean(hash, item);
            }
        }
    }
}

/// The iteration order of a set built by adding `groups` in order (duplicates dropped).
/// Falls back to the given order when a name is not hashable here (non-Latin-1 text).
pub fn set_order(groups: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut unique: Vec<&Vec<String>> = Vec::new();
    for group in groups {
        if !unique.contains(&group) {
            unique.push(group);
        }
    }
    let Some(hashes) = unique
        .iter()
        .map(|group| tuple_hash(group))
        .collect::<Option<Vec<i64>>>()
    else {
        return unique.into_iter().cloned().collect();
    };
    let mut table = Table::with_size(8);
    for (item, hash) in hashes.iter().enumerate() {
        table.add(*hash as u64, item);
    }
    table
        .slots
        .into_iter()
        .flatten()
        .map(|(_, item)| unique[item].clone())
        .collect()
}

/// `a.difference(b)` iterated: elements of `a` (in `a`'s set order) not in `b`, re-added to a
/// fresh set.
pub fn set_difference(a: &[Vec<String>], b: &[Vec<String>]) -> Vec<Vec<String>> {
    let remaining: Vec<Vec<String>> = set_order(a)
        .into_iter()
        .filter(|group| !b.contains(group))
        .collect();
    set_order(&remaining)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_cpython_with_hash_seed_zero() {
        assert_eq!(str_hash("a"), Some(4_644_417_185_603_328_019));
        assert_eq!(str_hash("label"), Some(1_312_651_466_225_251_226));
        assert_eq!(
            tuple_hash(&["label".into(), "batch".into()]),
            Some(-7_119_913_946_764_720_883)
        );
        assert_eq!(
            tuple_hash(&["serial".into()]),
            Some(-1_008_628_057_484_158_808)
        );
    }

    #[test]
    fn set_iteration_order() {
        let groups = vec![
            vec!["label".to_string(), "batch".to_string()],
            vec!["serial".to_string()],
        ];
        assert_eq!(
            set_order(&groups),
            vec![
                vec!["serial".to_string()],
                vec!["label".to_string(), "batch".to_string()]
            ]
        );
    }
}
