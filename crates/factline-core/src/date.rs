//! Dates of day, month or year precision, and the validity intervals built on them.
//!
//! A fact known only to the year ("from 2003") is not pretended to start on
//! 1 January: every bound keeps its precision, and queries compare against
//! the earliest or latest day the bound could mean.

use jiff::civil::Date;
use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The year; `month` and `day` are 0 when not given.
    pub year: i16,
    /// 1–12, or 0 when only the year is known.
    pub month: u8,
    /// 1–31, or 0 when only the month (or year) is known.
    pub day: u8,
}

/// How much of a date is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// A year ("2012").
    Year,
    /// A month ("2012-12").
    Month,
    /// A day ("2012-12-19").
    Day,
}

impl PartialDate {
    /// The date cut to precision `p` (2024-05-07 at `Year` is 2024).
    pub fn at_precision(self, p: Precision) -> PartialDate {
        match p {
            Precision::Year => PartialDate {
                month: 0,
                day: 0,
                ..self
            },
            Precision::Month => PartialDate { day: 0, ..self },
            Precision::Day => self,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parts = s.split('-');
        let year = parse_part(parts.next(), 4, "year", s)?;
        let month = parts
            .next()
            .map(|p| parse_part(Some(p), 2, "month", s))
            .transpose()?;
        let day = parts
            .next()
            .map(|p| parse_part(Some(p), 2, "day", s))
            .transpose()?;
        if parts.next().is_some() {
            return Err(format!(
                "`{s}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"
            ));
        }
        if year == 0 {
            return Err(format!("`{s}`: year 0 does not exist"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("`{s}`: month {m} does not exist"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && Date::new(year as i16, m as i8, d as i8).is_err()
        {
            return Err(format!("`{s}`: day {d} does not exist in {year}-{m:02}"));
        }
        Ok(PartialDate {
            year: year as i16,
            month: month.unwrap_or(0) as u8,
            day: day.unwrap_or(0) as u8,
        })
    }

    /// A full date.
    pub fn from_date(d: Date) -> Self {
        PartialDate {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }

    /// How much of the date is given.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day this date could mean.
    pub fn earliest(&self) -> Date {
        let m = self.month.max(1) as i8;
        let d = self.day.max(1) as i8;
        Date::new(self.year, m, d).expect("validated on parse")
    }

    /// The last day this date could mean.
    pub fn latest(&self) -> Date {
        match self.precision() {
            Precision::Day => self.earliest(),
            Precision::Month => self.earliest().last_of_month(),
            Precision::Year => Date::new(self.year, 12, 31).expect("valid year"),
        }
    }
}

fn parse_part(part: Option<&str>, width: usize, what: &str, whole: &str) -> Result<u32, String> {
    match part {
        Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(p.parse().expect("digits"))
        }
        _ => Err(format!("`{whole}`: the {what} must have {width} digits")),
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

/// When a statement holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// No time given: the statement holds whenever its subject exists.
    Always,
    /// From `from` (inclusive) until `until` (inclusive: the last day it held);
    /// a missing bound is open.
    Interval {
        /// The first time it held, if known.
        from: Option<PartialDate>,
        /// The last time it held (inclusive), if it ended.
        until: Option<PartialDate>,
    },
    /// An event at a point in time.
    Point(PartialDate),
}

impl Validity {
    /// Whether the statement may hold on `day`, given the precision of its bounds.
    pub fn holds_on(&self, day: Date) -> bool {
        let (lo, hi) = self.bounds();
        lo.is_none_or(|lo| lo <= day) && hi.is_none_or(|hi| day <= hi)
    }

    /// Whether the statement may hold at some day of `date` (a year, month or day).
    pub fn overlaps(&self, date: PartialDate) -> bool {
        let (lo, hi) = self.bounds();
        lo.is_none_or(|lo| lo <= date.latest()) && hi.is_none_or(|hi| date.earliest() <= hi)
    }

    /// The widest day range the statement may cover (`None` = open).
    pub fn bounds(&self) -> (Option<Date>, Option<Date>) {
        match *self {
            Validity::Always => (None, None),
            Validity::Interval { from, until } => {
                (from.map(|d| d.earliest()), until.map(|d| d.latest()))
            }
            Validity::Point(p) => (Some(p.earliest()), Some(p.latest())),
        }
    }

    /// Whether two holdings of a one-at-a-time relation overlap by more than a handover
    /// (one ending on the day the other starts).
    pub fn overlaps_beyond_handover(&self, other: &Validity) -> bool {
        let ((alo, ahi), (blo, bhi)) = (self.bounds(), other.bounds());
        let lo = alo.max(blo); // None (open) is the smallest
        let hi = match (ahi, bhi) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        match (lo, hi) {
            (Some(lo), Some(hi)) if hi < lo => false,
            (Some(lo), Some(hi)) if hi == lo => {
                // A single shared day is a handover only when one ends as the other starts.
                !(ahi == Some(lo) && blo == Some(lo) || bhi == Some(lo) && alo == Some(lo))
            }
            _ => true,
        }
    }

    /// The start used to order statements (open starts sort first).
    pub fn start(&self) -> Option<PartialDate> {
        match *self {
            Validity::Always => None,
            Validity::Interval { from, .. } => from,
            Validity::Point(p) => Some(p),
        }
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validity::Always => Ok(()),
            Validity::Point(p) => write!(f, "{p}"),
            Validity::Interval { from, until } => {
                if let Some(from) = from {
                    write!(f, "{from}")?;
                }
                write!(f, "–")?;
                if let Some(until) = until {
                    write!(f, "{until}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_each_precision() {
        let d = PartialDate::parse("2012-12-19").unwrap();
        assert_eq!((d.year, d.month, d.day), (2012, 12, 19));
        assert_eq!(
            PartialDate::parse("2023-08").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(PartialDate::parse("1992").unwrap().to_string(), "1992");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(
            PartialDate::parse("2023-02-29")
                .unwrap_err()
                .contains("day 29")
        );
        assert!(
            PartialDate::parse("2024-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(PartialDate::parse("0000").unwrap_err().contains("year 0"));
        assert!(
            PartialDate::parse("24-01-01")
                .unwrap_err()
                .contains("4 digits")
        );
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn year_precision_covers_the_whole_year() {
        let v = Validity::Interval {
            from: Some(PartialDate::parse("2003").unwrap()),
            until: Some(PartialDate::parse("2016-12").unwrap()),
        };
        assert!(v.holds_on(date(2003, 1, 1)));
        assert!(v.holds_on(date(2016, 12, 31)));
        assert!(!v.holds_on(date(2017, 1, 1)));
        assert!(v.overlaps(PartialDate::parse("2016").unwrap()));
        assert!(!v.overlaps(PartialDate::parse("2002").unwrap()));
    }
}
