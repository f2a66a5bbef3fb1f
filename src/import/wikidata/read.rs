//! One entity's JSON, read against the mapping: the statements it keeps, with their
//! qualifiers, rank and references, and what it leaves out.

use super::*;
use factline_core::date::PartialDate;
use factline_core::facts::model::{RelationId, ValueType};
use serde_json::Value as Json;

/// What one entity's JSON gives the import.
#[derive(Debug, Default)]
pub struct Read {
    pub(super) item: Option<Item>,
    /// The item is needed whatever the input: it has statements kept, or the base maps it.
    pub(super) keep: bool,
    /// The entity's id and label, for naming it where it is only referred to (a
    /// deprecation reason, a reference's work).
    pub(super) label: Option<(String, String)>,
    pub(super) claims: Vec<Claim>,
    pub(super) skipped: Vec<&'static str>,
    pub(super) problems: Vec<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) id: String,
    pub(super) label: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) classes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Claim {
    pub(super) subject: String,
    pub(super) relation: RelationId,
    pub(super) value: Val,
    pub(super) from: Option<PartialDate>,
    pub(super) until: Option<PartialDate>,
    pub(super) on: Option<PartialDate>,
    pub(super) rank: Rank,
    pub(super) references: Vec<Reference>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    Item(String),
    Date(PartialDate),
    Quantity(String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rank {
    Preferred,
    Normal,
    /// With the reason's item (`P2241`), if given.
    Deprecated(Option<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Reference {
    /// The Wikidata item itself, for a statement without a reference.
    pub(super) item: Option<String>,
    pub(super) url: Option<String>,
    pub(super) stated_in: Option<String>,
    pub(super) title: Option<String>,
    pub(super) published: Option<String>,
    pub(super) retrieved: Option<String>,
    pub(super) publisher: Option<String>,
}

impl Reference {
    /// A reference names a source only with a URL, a work or a title (not, say, only
    /// "imported from Wikimedia project").
    pub(super) fn is_source(&self) -> bool {
        self.url.is_some() || self.stated_in.is_some() || self.title.is_some()
    }
}

/// Reads entities' JSON against a mapping.
pub struct Reader<'m, 'b> {
    mapping: &'m Mapping<'b>,
    options: &'m Options,
}

impl<'m, 'b> Reader<'m, 'b> {
    /// A reader for `mapping`.
    pub fn new(mapping: &'m Mapping<'b>, options: &'m Options) -> Reader<'m, 'b> {
        Reader { mapping, options }
    }

    /// What the mapping keeps of one entity.
    pub fn entity(&self, e: &Json) -> Read {
        let mut read = Read::default();
        let Some(id) = e.get("id").and_then(Json::as_str) else {
            read.problems.push("$.id: an entity without an id".into());
            return read;
        };
        if !is_item(id) {
            read.skipped
                .push("entities that are not items (properties, lexemes)");
            return read;
        }
        let claims = e.get("claims").and_then(Json::as_object);
        let classes: Vec<String> = claims
            .and_then(|c| c.get(INSTANCE_OF))
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| item_id(s.pointer("/mainsnak/datavalue/value")?))
            .collect();
        for (property, statements) in claims.into_iter().flatten() {
            let Some(&relation) = self.mapping.relations.get(property.as_str()) else {
                if property != INSTANCE_OF {
                    read.skipped.push("statements of unmapped properties");
                }
                continue;
            };
            for (i, s) in statements.as_array().into_iter().flatten().enumerate() {
                let path = format!("{id}: $.claims.{property}[{i}]");
                match self.claim(id, relation, s) {
                    Ok(Some(c)) => read.claims.push(c),
                    Ok(None) => {}
                    Err(Skip::Reason(why)) => read.skipped.push(why),
                    Err(Skip::Problem(message)) => read.problems.push(format!("{path}: {message}")),
                }
            }
        }
        let label = self.text(e.get("labels"));
        // Kept for a statement's subject; from a whole document also for any item of a
        // mapped kind (a value it may name). A dump's value items are read again later.
        let kind = classes
            .iter()
            .any(|c| self.mapping.kinds.contains_key(c.as_str()));
        read.keep = !read.claims.is_empty() || self.mapping.entities.contains_key(id);
        if read.keep || kind {
            read.item = Some(Item {
                id: id.to_string(),
                aliases: self.aliases(e, label.as_deref()),
                label: label.clone(),
                description: self.text(e.get("descriptions")),
                classes,
            });
        }
        read.label = label.map(|label| (id.to_string(), label));
        read
    }

    /// The first of the chosen languages that has a text.
    pub(super) fn text(&self, by_language: Option<&Json>) -> Option<String> {
        self.options.languages.iter().find_map(|l| {
            let v = by_language?.get(l)?.get("value")?.as_str()?;
            Some(clean(v))
        })
    }

    /// Aliases in every chosen language, and labels other than `label` (the first
    /// language's) in the languages after it.
    fn aliases(&self, e: &Json, label: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in &self.options.languages {
            let other_label = e
                .pointer(&format!("/labels/{l}/value"))
                .and_then(Json::as_str);
            let aliases = e.pointer(&format!("/aliases/{l}")).and_then(Json::as_array);
            let values = aliases
                .into_iter()
                .flatten()
                .filter_map(|a| a.get("value")?.as_str())
                .chain(other_label);
            for v in values.map(clean) {
                if Some(v.as_str()) != label && !out.contains(&v) && !v.is_empty() {
                    out.push(v);
                }
            }
        }
        out
    }

    fn claim(&self, subject: &str, relation: RelationId, s: &Json) -> Result<Option<Claim>, Skip> {
        let snak = s
            .get("mainsnak")
            .ok_or(Skip::Problem("no mainsnak".into()))?;
        let value = self.value(relation, snak)?;
        let qualifier = |p: &str| -> Result<Option<PartialDate>, Skip> {
            let Some(snak) = s.pointer(&format!("/qualifiers/{p}/0")) else {
                return Ok(None);
            };
            match snak.get("snaktype").and_then(Json::as_str) {
                Some("value") => time(snak.pointer("/datavalue/value")).map(Some),
                _ => Ok(None),
            }
        };
        let (from, until, on) = (qualifier(START)?, qualifier(END)?, qualifier(POINT)?);
        if let (Some(f), Some(u)) = (from, until)
            && u.latest() < f.earliest()
        {
            return Err(Skip::Problem(format!(
                "it ends ({u}) before it starts ({f})"
            )));
        }
        let rank = match s.get("rank").and_then(Json::as_str) {
            Some("preferred") => Rank::Preferred,
            Some("deprecated") => Rank::Deprecated(
                s.pointer(&format!(
                    "/qualifiers/{DEPRECATION_REASON}/0/datavalue/value"
                ))
                .and_then(item_id),
            ),
            _ => Rank::Normal,
        };
        let references = s
            .get("references")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .map(reference)
            .filter(Reference::is_source)
            .collect();
        Ok(Some(Claim {
            subject: subject.to_string(),
            relation,
            value,
            from,
            until,
            on,
            rank,
            references,
        }))
    }

    /// The main value, as the relation's value type wants it.
    fn value(&self, relation: RelationId, snak: &Json) -> Result<Val, Skip> {
        match snak.get("snaktype").and_then(Json::as_str) {
            Some("value") => {}
            Some("somevalue") => return Err(Skip::Reason("unknown values (somevalue)")),
            Some("novalue") => return Err(Skip::Reason("no-value statements (novalue)")),
            _ => return Err(Skip::Problem("a snak without a snaktype".into())),
        }
        let datavalue = snak.get("datavalue");
        let kind = datavalue.and_then(|d| d.get("type")).and_then(Json::as_str);
        let value = datavalue.and_then(|d| d.get("value"));
        let wanted = &self.mapping.base.relation_of(relation).value;
        let mismatch = |got: &str| {
            let r = &self.mapping.base.relation_of(relation).id;
            Skip::Problem(format!(
                "`{r}` takes {}, but the value is a {got}",
                describe(wanted)
            ))
        };
        match (wanted, kind) {
            (ValueType::Entity(_), Some("wikibase-entityid")) => value
                .and_then(item_id)
                .map(Val::Item)
                .ok_or_else(|| Skip::Problem("an entity value without an item id".into())),
            (ValueType::Date, Some("time")) => time(value).map(Val::Date),
            (ValueType::Quantity(_), Some("quantity")) => quantity(value).map(Val::Quantity),
            (ValueType::Text, Some("string")) => Ok(Val::Text(clean(
                value.and_then(Json::as_str).unwrap_or_default(),
            ))),
            (ValueType::Text, Some("monolingualtext")) => Ok(Val::Text(clean(
                value
                    .and_then(|v| v.get("text"))
                    .and_then(Json::as_str)
                    .unwrap_or_default(),
            ))),
            (_, Some(got)) => Err(mismatch(got)),
            (_, None) => Err(Skip::Problem("a value without a datavalue type".into())),
        }
    }
}

pub(super) enum Skip {
    /// Counted under this reason.
    Reason(&'static str),
    /// Reported with where it is.
    Problem(String),
}

/// `Q42` from an entity-id value (`{"id": "Q42"}` or `{"numeric-id": 42}`).
pub(super) fn item_id(v: &Json) -> Option<String> {
    if let Some(id) = v.get("id").and_then(Json::as_str) {
        return is_item(id).then(|| id.to_string());
    }
    let n = v.get("numeric-id")?.as_u64()?;
    Some(format!("Q{n}"))
}

/// `Q` and digits: an item's id (not a property's, a lexeme's or anything else).
fn is_item(id: &str) -> bool {
    id.strip_prefix('Q')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A Wikidata time value at its precision: year (9), month (10) or day (11). Julian
/// dates of day precision are converted to the Gregorian calendar; a coarser one keeps
/// its year and month (the calendars differ by days, not months, in historical times).
pub(super) fn time(v: Option<&Json>) -> Result<PartialDate, Skip> {
    let v = v.ok_or(Skip::Problem("a time without a value".into()))?;
    let text = v.get("time").and_then(Json::as_str).unwrap_or_default();
    let precision = v.get("precision").and_then(Json::as_u64).unwrap_or(0);
    let calendar = v
        .get("calendarmodel")
        .and_then(Json::as_str)
        .unwrap_or(GREGORIAN);
    let Some(rest) = text.strip_prefix('+') else {
        return Err(Skip::Reason("dates before the common era"));
    };
    let date = rest.split('T').next().unwrap_or_default();
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Skip::Problem(format!("unreadable time `{text}`")));
    };
    if !(1..=9999).contains(&y) {
        return Err(Skip::Reason("dates outside the years 1 to 9999"));
    }
    let (y, m, d) = match precision {
        11 if calendar == JULIAN => julian_to_gregorian(y, m, d)
            .ok_or_else(|| Skip::Problem(format!("impossible Julian date `{text}`")))?,
        11 => (y, m, d),
        10 => (y, m, 0),
        9 => (y, 0, 0),
        _ => return Err(Skip::Reason("dates less precise than a year")),
    };
    if calendar != GREGORIAN && calendar != JULIAN {
        return Err(Skip::Problem(format!(
            "unknown calendar model `{calendar}`"
        )));
    }
    let shown = match (m, d) {
        (0, _) => format!("{y:04}"),
        (_, 0) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    };
    PartialDate::parse(&shown).map_err(|e| Skip::Problem(format!("`{text}`: {e}")))
}

/// The Gregorian day of a Julian calendar day, by its Julian day number.
pub(super) fn julian_to_gregorian(y: i64, m: i64, d: i64) -> Option<(i64, i64, i64)> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let a = (14 - m) / 12;
    let (yy, mm) = (y + 4800 - a, m + 12 * a - 3);
    let jdn = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - 32083;
    // 2440588 is the Julian day number of 1970-01-01.
    let day = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(jdn - 2_440_588))
        .ok()?;
    Some((day.year() as i64, day.month() as i64, day.day() as i64))
}

/// A quantity's amount, or its range when its bounds say one (`17000..22000`).
pub(super) fn quantity(v: Option<&Json>) -> Result<String, Skip> {
    let v = v.ok_or(Skip::Problem("a quantity without a value".into()))?;
    // Wikidata writes decimals ("+5000", "+12.5"); anything else (exponents, signs
    // below zero) is not an amount the base can hold.
    let number = |k: &str| -> Option<(String, f64)> {
        let s = v.get(k)?.as_str()?.trim_start_matches('+');
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !(digits(whole) && digits(fraction)) {
            return None;
        }
        Some((s.to_string(), s.parse().ok()?))
    };
    let (amount, _) = number("amount").ok_or(Skip::Reason("negative or unreadable amounts"))?;
    match (number("lowerBound"), number("upperBound")) {
        (Some((lo, l)), Some((hi, h))) if l < h => Ok(format!("{lo}..{hi}")),
        _ => Ok(amount),
    }
}

pub(super) fn reference(r: &Json) -> Reference {
    let snak = |p: &str| r.pointer(&format!("/snaks/{p}/0/datavalue"));
    let string = |p: &str| snak(p).and_then(|d| d.get("value")?.as_str()).map(clean);
    let item = |p: &str| snak(p).and_then(|d| item_id(d.get("value")?));
    let date = |p: &str| {
        time(snak(p).and_then(|d| d.get("value")))
            .ok()
            .map(|d| d.to_string())
    };
    Reference {
        url: string(REFERENCE_URL),
        stated_in: item(STATED_IN),
        title: snak(TITLE)
            .and_then(|d| d.pointer("/value/text")?.as_str())
            .map(clean),
        published: date(PUBLISHED),
        retrieved: date(RETRIEVED),
        publisher: item(PUBLISHER),
        item: None,
    }
}

pub(super) fn describe(v: &ValueType) -> &'static str {
    match v {
        ValueType::Entity(_) => "an entity",
        ValueType::Date => "a date",
        ValueType::Quantity(_) => "a quantity",
        ValueType::Text => "a text",
    }
}

/// One line, no quotes broken: newlines and tabs become spaces.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wd_time(time: &str, precision: u64, calendar: &str) -> Json {
        serde_json::json!({"time": time, "precision": precision, "calendarmodel": calendar})
    }

    #[test]
    fn julian_days_become_gregorian_days() {
        // The first Gregorian day followed Julian 4 October 1582; Russia's switch in 1918.
        assert_eq!(julian_to_gregorian(1582, 10, 5), Some((1582, 10, 15)));
        assert_eq!(julian_to_gregorian(1918, 2, 1), Some((1918, 2, 14)));
        assert_eq!(julian_to_gregorian(1700, 2, 18), Some((1700, 2, 28)));
        assert_eq!(julian_to_gregorian(1700, 13, 1), None);
    }

    #[test]
    fn times_keep_their_precision() {
        let date = |t: &str, p: u64, c: &str| time(Some(&wd_time(t, p, c))).map(|d| d.to_string());
        assert_eq!(
            date("+1949-04-04T00:00:00Z", 11, GREGORIAN).ok().unwrap(),
            "1949-04-04"
        );
        assert_eq!(
            date("+1949-04-00T00:00:00Z", 10, GREGORIAN).ok().unwrap(),
            "1949-04"
        );
        assert_eq!(
            date("+1949-00-00T00:00:00Z", 9, GREGORIAN).ok().unwrap(),
            "1949"
        );
        // A Julian year or month is kept as it is: the calendars differ by days.
        assert_eq!(
            date("+1700-02-00T00:00:00Z", 10, JULIAN).ok().unwrap(),
            "1700-02"
        );
        assert!(matches!(
            date("+1950-00-00T00:00:00Z", 8, GREGORIAN),
            Err(Skip::Reason(_))
        ));
        assert!(matches!(
            date("-0044-03-15T00:00:00Z", 11, JULIAN),
            Err(Skip::Reason(_))
        ));
        assert!(matches!(
            date("+1949-04-04T00:00:00Z", 11, "Q1"),
            Err(Skip::Problem(_))
        ));
    }

    #[test]
    fn quantities_are_decimals_and_ranges_go_upwards() {
        let q = |v: Json| quantity(Some(&v)).ok();
        let amount = |a: &str, lo: &str, hi: &str| serde_json::json!({"amount": a, "lowerBound": lo, "upperBound": hi});
        assert_eq!(q(amount("+5000", "+4900", "+5100")).unwrap(), "4900..5100");
        // Bounds the wrong way round, or equal, say nothing: the amount stands.
        assert_eq!(q(amount("+5000", "+7412", "+5100")).unwrap(), "5000");
        assert_eq!(q(amount("+12.5", "+12.5", "+12.5")).unwrap(), "12.5");
        assert!(q(serde_json::json!({"amount": "-3"})).is_none());
        assert!(q(serde_json::json!({"amount": "+1e400"})).is_none());
    }

    #[test]
    fn only_item_ids_are_read_as_items() {
        assert_eq!(
            item_id(&serde_json::json!({"id": "Q42"})).as_deref(),
            Some("Q42")
        );
        assert_eq!(
            item_id(&serde_json::json!({"numeric-id": 42})).as_deref(),
            Some("Q42")
        );
        for bad in ["Q900RRR500", "P463", "L7", "Q", "q42"] {
            assert_eq!(item_id(&serde_json::json!({"id": bad})), None, "{bad}");
        }
    }
}
