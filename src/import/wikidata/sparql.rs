//! SPARQL JSON results, read as the entities they describe.

use super::{END, GREGORIAN, INSTANCE_OF, Options, POINT, REFERENCE_URL, START};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// SPARQL results as entities. Each row is one statement: `?item ?property ?value`
/// (entity URIs, or literals typed `xsd:dateTime`, `xsd:decimal`/`xsd:integer`, or plain),
/// with optional `?start`, `?end`, `?point` (dateTime, read at day precision: a truthy
/// SPARQL value has lost its precision), `?itemLabel`, `?valueLabel`, `?itemClass`,
/// `?valueClass` (for the kinds) and `?reference` (a reference URL).
pub(super) fn entities(rows: &[Json], options: &Options) -> Vec<Json> {
    let lang = options.languages.first().map_or("en", String::as_str);
    let term = |row: &Json, var: &str| -> Option<(String, Option<String>, bool)> {
        let b = row.get(var)?;
        let value = b.get("value")?.as_str()?.to_string();
        let datatype = b.get("datatype").and_then(Json::as_str).map(str::to_string);
        Some((
            value,
            datatype,
            b.get("type").and_then(Json::as_str) == Some("uri"),
        ))
    };
    let id_of = |uri: &str| uri.rsplit('/').next().unwrap_or(uri).to_string();
    let time = |lit: &str| {
        let day = lit.split('T').next().unwrap_or(lit);
        serde_json::json!({"type": "time", "value": {
            "time": format!("+{day}T00:00:00Z"), "precision": 11, "calendarmodel": GREGORIAN}})
    };
    let mut entities: BTreeMap<String, Json> = BTreeMap::new();
    for row in rows {
        let (Some(item), Some(property), Some(value)) =
            (term(row, "item"), term(row, "property"), term(row, "value"))
        else {
            continue;
        };
        let (item, property) = (id_of(&item.0), id_of(&property.0));
        let datavalue = match (&value.1, value.2) {
            (_, true) => {
                let q = id_of(&value.0);
                let v = entity(&mut entities, &q);
                if let Some((label, ..)) = term(row, "valueLabel") {
                    v["labels"][lang] = serde_json::json!({"language": lang, "value": label});
                }
                if let Some((class, ..)) = term(row, "valueClass") {
                    add_claim(v, INSTANCE_OF, item_snak(&id_of(&class)), None);
                }
                serde_json::json!({"type": "wikibase-entityid", "value": {"id": q}})
            }
            (Some(t), _) if t.ends_with("#dateTime") => time(&value.0),
            (Some(t), _)
                if t.ends_with("#decimal") || t.ends_with("#integer") || t.ends_with("#double") =>
            {
                serde_json::json!({"type": "quantity", "value": {"amount": format!("+{}", value.0), "unit": "1"}})
            }
            _ => serde_json::json!({"type": "string", "value": value.0}),
        };
        let mut statement = serde_json::json!({
            "mainsnak": {"snaktype": "value", "property": property, "datavalue": datavalue},
            "rank": "normal",
        });
        for (var, p) in [("start", START), ("end", END), ("point", POINT)] {
            if let Some((lit, ..)) = term(row, var) {
                statement["qualifiers"][p] = serde_json::json!([{"snaktype": "value", "property": p, "datavalue": time(&lit)}]);
            }
        }
        let reference = term(row, "reference").map(|(url, ..)| {
            serde_json::json!({"snaks": {REFERENCE_URL: [{"snaktype": "value",
                "datavalue": {"type": "string", "value": url}}]}})
        });
        let e = entity(&mut entities, &item);
        if let Some((label, ..)) = term(row, "itemLabel") {
            e["labels"][lang] = serde_json::json!({"language": lang, "value": label});
        }
        if let Some((class, ..)) = term(row, "itemClass") {
            add_claim(e, INSTANCE_OF, item_snak(&id_of(&class)), None);
        }
        add_claim(e, &property, statement, reference);
    }
    entities.into_values().collect()
}

/// Item `id`'s JSON, built in place row by row (a copy per row would grow with the rows
/// about it).
fn entity<'e>(entities: &'e mut BTreeMap<String, Json>, id: &str) -> &'e mut Json {
    entities
        .entry(id.to_string())
        .or_insert_with(|| serde_json::json!({"id": id, "labels": {}, "claims": {}}))
}

fn item_snak(q: &str) -> Json {
    serde_json::json!({"mainsnak": {"snaktype": "value",
        "datavalue": {"type": "wikibase-entityid", "value": {"id": q}}}, "rank": "normal"})
}

/// Adds `statement` to `entity`'s claims of `property`, or, when the same statement is
/// there (a second reference's row), only its reference.
fn add_claim(entity: &mut Json, property: &str, statement: Json, reference: Option<Json>) {
    let list = entity["claims"][property]
        .as_array_mut()
        .map(std::mem::take);
    let mut list = list.unwrap_or_default();
    let same = |s: &Json| {
        s.get("mainsnak") == statement.get("mainsnak")
            && s.get("qualifiers") == statement.get("qualifiers")
    };
    match list.iter_mut().find(|s| same(s)) {
        Some(s) => {
            if let Some(r) = reference {
                let refs = s["references"].as_array_mut().map(std::mem::take);
                let mut refs = refs.unwrap_or_default();
                if !refs.contains(&r) {
                    refs.push(r);
                }
                s["references"] = Json::Array(refs);
            }
        }
        None => {
            let mut s = statement;
            if let Some(r) = reference {
                s["references"] = Json::Array(vec![r]);
            }
            list.push(s);
        }
    }
    entity["claims"][property] = Json::Array(list);
}
