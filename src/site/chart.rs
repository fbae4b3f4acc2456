//! The geometry of an inline SVG bar chart (a person's sessions per month). The template draws
//! it from these numbers; no script, no chart library, and the same numbers as a table for
//! screen readers beside it.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    /// The baseline's y.
    pub base: u32,
    pub left: u32,
    pub right: u32,
    pub bars: Vec<Bar>,
    /// Horizontal guide lines with their values.
    pub ticks: Vec<Tick>,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    /// Centre of the bar, for its label.
    pub cx: u32,
    pub value: u32,
    /// Short label under the bar (the month number, with the ROC year in January and first).
    pub label: String,
    /// Tooltip text (SVG `<title>`).
    pub title: String,
    pub show_label: bool,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub y: u32,
    pub value: u32,
}

const HEIGHT: u32 = 180;
const TOP: u32 = 12;
const BOTTOM: u32 = 36;
const LEFT: u32 = 36;
const RIGHT: u32 = 8;

/// Bars for `(label, title, value)`, in order.
pub fn bars(points: &[(String, String, u32)]) -> Chart {
    let n = points.len().max(1) as u32;
    let slot = (720 / n).clamp(10, 40);
    let width = LEFT + RIGHT + slot * n;
    let max = points.iter().map(|p| p.2).max().unwrap_or(0);
    let top_value = nice_ceiling(max);
    let plot = HEIGHT - TOP - BOTTOM;
    let base = HEIGHT - BOTTOM;
    let scale =
        |v: u32| -> u32 { (u64::from(v) * u64::from(plot) / u64::from(top_value.max(1))) as u32 };
    // Label every month when there is room, else every third; always the first.
    let every = if slot >= 24 { 1 } else { 3 };
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (label, title, value))| {
            let h = scale(*value);
            let x = LEFT + slot * i as u32 + slot / 6;
            let w = slot - slot / 3;
            Bar {
                x,
                y: base - h,
                w,
                h,
                cx: x + w / 2,
                value: *value,
                label: label.clone(),
                title: title.clone(),
                show_label: i % every as usize == 0,
            }
        })
        .collect();
    let ticks = [0, top_value / 2, top_value]
        .into_iter()
        .filter(|v| *v == 0 || top_value > 1)
        .map(|v| Tick {
            y: base - scale(v),
            value: v,
        })
        .collect();
    Chart {
        width,
        height: HEIGHT,
        base,
        left: LEFT,
        right: width - RIGHT,
        bars,
        ticks,
    }
}

/// The smallest "round" number at least `v` (1, 2, 4, 5, 10, 20, 40, 50, …), so the guide lines
/// fall on values people read at a glance; even, so its half is whole.
fn nice_ceiling(v: u32) -> u32 {
    if v <= 2 {
        return 2;
    }
    let mut step = 1u32;
    loop {
        for m in [2, 4, 6, 10] {
            if let Some(c) = step.checked_mul(m) {
                if c >= v {
                    return c;
                }
            }
        }
        match step.checked_mul(10) {
            Some(s) => step = s,
            None => return u32::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stand_on_the_baseline_and_scale_to_the_tallest() {
        let c = bars(&[
            ("1".into(), "a".into(), 10),
            ("2".into(), "b".into(), 0),
            ("3".into(), "c".into(), 5),
        ]);
        assert!(c.bars.iter().all(|b| b.y + b.h == c.base));
        assert_eq!(c.bars[1].h, 0);
        assert_eq!(c.bars[0].h, 2 * c.bars[2].h);
        assert_eq!(c.ticks.last().unwrap().value, 10);
    }

    #[test]
    fn round_ceilings() {
        assert_eq!(nice_ceiling(0), 2);
        assert_eq!(nice_ceiling(3), 4);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(33), 40);
        assert_eq!(nice_ceiling(55), 60);
    }
}
