//! serde's and the TOML parser's messages in words a person editing a content file can act
//! on: no Rust type names (`expected i64`), the field named where its line gives it, and what
//! to write instead (`median = 58000`, `provider = "Coursera"`, `2026-01-15`).

use super::{floor_char_boundary, suggest};

/// Where in a TOML text an error points: the key of that line (`median` in
/// `median = "58,000"`) and the value written from that point to the end of the line.
pub(super) struct Place<'a> {
    pub key: Option<&'a str>,
    pub value: &'a str,
}

impl<'a> Place<'a> {
    pub(super) fn at(text: &'a str, offset: usize) -> Place<'a> {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let key = text[line_start..line_end]
            .split_once('=')
            .map(|(k, _)| k.trim())
            .filter(|k| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        Place {
            key,
            value: text[offset..line_end].trim(),
        }
    }
}

/// The message for a TOML or serde error `message` at `place`.
pub(super) fn reword(message: &str, place: &Place<'_>) -> String {
    let message = message.trim_end();
    if let Some(m) = unknown_name(message) {
        return m;
    }
    if let Some(m) = wrong_value(message, place) {
        return m;
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return match example(field) {
            Some(line) => format!("missing field `{field}`: add a line such as {line}"),
            None => format!("missing field `{field}`: add it"),
        };
    }
    if message.starts_with("cannot recurse further") {
        return "values nested too deeply here (lists or tables inside each other): flatten them"
            .to_string();
    }
    // A date written another way is not TOML: the parser asks for quotes; say how a date
    // is written instead.
    let token = first_token(place.value);
    if looks_like_a_date(token) {
        return date_message(place.key, token);
    }
    message.to_string()
}

/// "`updated` must be a date written year-month-day, such as 2026-01-15: found 2026/01/15",
/// with the date rewritten when it begins with a four-digit year.
pub(crate) fn date_message(field: Option<&str>, found: &str) -> String {
    let what = field.map_or("a date".to_string(), |f| format!("`{f}`"));
    let parts: Vec<&str> = found.split(['/', '.', '-']).collect();
    let rewritten = match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && [y, m, d]
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
                && (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len()) =>
        {
            Some(format!("{y}-{m:0>2}-{d:0>2}"))
        }
        // The year last: `31/01/2026` (day first), `01/31/2026` (month first), and for
        // `05/06/2026`, which could be either, both.
        [a, b, y] if y.len() == 4 && looks_like_a_date(found) => {
            let (a_n, b_n) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            let day = 1..=31;
            let month = 1..=12;
            let date = |m: &str, d: &str| format!("{y}-{m:0>2}-{d:0>2}");
            match (month.contains(&a_n), month.contains(&b_n)) {
                _ if !day.contains(&a_n) || !day.contains(&b_n) => None,
                (false, true) => Some(date(b, a)),
                (true, false) => Some(date(a, b)),
                (true, true) if a_n == b_n => Some(date(a, b)),
                (true, true) => Some(format!(
                    "{} (day first) or {} (month first)",
                    date(b, a),
                    date(a, b)
                )),
                (false, false) => None,
            }
        }
        _ => None,
    };
    let mut out =
        format!("{what} must be a date written year-month-day, such as 2026-01-15: found {found}");
    if let Some(r) = rewritten.filter(|r| r != found) {
        out.push_str(&format!("; write {r}"));
    }
    out
}

/// The value written at the start of `text`: up to white space, a comment or a comma.
fn first_token(text: &str) -> &str {
    text.split(|c: char| c.is_whitespace() || c == '#' || c == ',')
        .next()
        .unwrap_or_default()
}

/// Three groups of digits with `/`, `.` or `-` between them: `2026/01/15`, `15.01.2026`.
fn looks_like_a_date(token: &str) -> bool {
    let parts: Vec<&str> = token.split(['/', '.', '-']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// "unknown field `skils`, did you mean `skills`?" from serde's "expected one of" list.
fn unknown_name(message: &str) -> Option<String> {
    for (prefix, noun) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        let Some((word, tail)) = rest.split_once('`') else {
            continue;
        };
        let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        if let Some(s) = suggest(word, expected.iter().copied()) {
            return Some(format!("unknown {noun} `{word}`, did you mean `{s}`?"));
        }
        if expected.is_empty() {
            return Some(format!("unknown {noun} `{word}`"));
        }
        return Some(format!(
            "unknown {noun} `{word}`; expected one of: {}",
            expected.join(", ")
        ));
    }
    None
}

/// serde's "invalid type: string \"58,000\", expected i64" as "`median` must be a whole
/// number ...: found the text \"58,000\"; write median = 58000".
fn wrong_value(message: &str, place: &Place<'_>) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let whole = matches!(expected, "i8" | "i16" | "i32" | "i64" | "i128" | "isize");
    let text = expected == "a string" || expected == "a borrowed string";
    let counting = matches!(expected, "u8" | "u16" | "u32" | "u64" | "u128" | "usize");
    let wanted = if whole {
        "a whole number such as 58000, without quotes or separators"
    } else if counting {
        "a whole number of 0 or more, such as 5, without quotes"
    } else if matches!(expected, "f32" | "f64") {
        "a number such as 40 or 7.5, without quotes"
    } else if expected == "a boolean" {
        "true or false, without quotes"
    } else if text {
        "text in quotes"
    } else if expected == "a sequence" {
        match place.key {
            // Lists of roles name them by slug.
            Some("related" | "next" | "roles") => {
                "a list in brackets of roles' file names, such as [\"data-engineer\", \"backend-developer\"]"
            }
            _ => "a list in brackets, such as [\"Java\", \"SQL\"]",
        }
    } else if expected.starts_with("struct ") || expected == "a map" {
        "a table"
    } else {
        expected
    };
    let quoted = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'));
    let scalar = ["integer `", "floating point `", "boolean `"]
        .iter()
        .find_map(|p| found.strip_prefix(p).and_then(|s| s.strip_suffix('`')));
    let shown = if let Some(text) = quoted {
        format!("the text \"{text}\"")
    } else if let Some(v) = scalar {
        // As written (`1e40`), not as serde prints the value (`10000...0.0`).
        let written = first_token(place.value);
        if written.is_empty() { v } else { written }.to_string()
    } else {
        match found {
            "sequence" => "a list".to_string(),
            "map" => "a table".to_string(),
            other => other.to_string(),
        }
    };
    let mut out = match place.key {
        Some(key) => format!("`{key}` must be {wanted}: found {shown}"),
        None => format!("expected {wanted}, found {shown}"),
    };
    // `title = 3`: the text was meant to be "3".
    if let (true, Some(v), Some(key)) = (text, scalar, place.key) {
        out.push_str(&format!("; write {key} = \"{v}\""));
    }
    // "58,000", "58 000", "58'000": the number the text was meant to be.
    if whole || counting {
        let digits: String = quoted
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let only_separators = quoted.is_some_and(|q| {
            q.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '_' | '\''))
        });
        if !digits.is_empty() && only_separators {
            let key = place.key.unwrap_or("it");
            out.push_str(&format!("; write {key} = {digits}"));
        }
    }
    Some(out)
}

/// A line that gives the required field `field`, to show when it is missing.
fn example(field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => "title = \"Backend Developer\"",
        "summary" => "summary = \"Builds and runs the server side of web applications.\"",
        "provider" => "provider = \"Coursera\" (who offers the course)",
        "role" => "role = \"backend-developer\" (the role's file name in content/roles/)",
        "city" => "city = \"Berlin\"",
        "country" => "country = \"Germany\"",
        "currency" => "currency = \"EUR\" (an ISO 4217 code)",
        "median" => "median = 65000 (a year's pay in the city's currency)",
        "question" => "question = \"What does a backend developer do?\"",
        "answer" => "answer = \"They build the parts of a service users do not see.\"",
        "base_url" => "base_url = \"https://careers.example.org/\"",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_the_year_last_get_their_fix() {
        let fix = |found| date_message(Some("date"), found);
        assert!(fix("31/01/2026").ends_with("found 31/01/2026; write 2026-01-31"));
        assert!(fix("01/31/2026").ends_with("; write 2026-01-31"));
        assert!(fix("31.1.2026").ends_with("; write 2026-01-31"));
        assert!(
            fix("05/06/2026")
                .ends_with("; write 2026-06-05 (day first) or 2026-05-06 (month first)")
        );
        assert!(fix("06/06/2026").ends_with("; write 2026-06-06"));
        // Not a day and a month: no guess.
        assert!(fix("32/13/2026").ends_with("found 32/13/2026"));
        assert!(fix("2026/01/20").ends_with("; write 2026-01-20"));
    }

    fn reword_at(message: &str, line: &str, value_at: &str) -> String {
        let offset = line.find(value_at).expect("value in line");
        reword(message, &Place::at(line, offset))
    }

    #[test]
    fn rewords_unknown_fields_with_a_suggestion() {
        let nowhere = Place {
            key: None,
            value: "",
        };
        assert_eq!(
            reword(
                "unknown field `skils`, expected one of `title`, `skills`",
                &nowhere
            ),
            "unknown field `skils`, did you mean `skills`?"
        );
        assert_eq!(
            reword(
                "unknown field `zzz`, expected one of `title`, `skills`",
                &nowhere
            ),
            "unknown field `zzz`; expected one of: title, skills"
        );
        assert_eq!(
            reword(
                "unknown variant `begginer`, expected one of `beginner`, `advanced`",
                &nowhere
            ),
            "unknown value `begginer`, did you mean `beginner`?"
        );
    }

    #[test]
    fn no_rust_type_names() {
        assert_eq!(
            reword_at(
                "invalid type: string \"58,000\", expected i64",
                "median = \"58,000\"",
                "\"58"
            ),
            "`median` must be a whole number such as 58000, without quotes or separators: \
             found the text \"58,000\"; write median = 58000"
        );
        assert_eq!(
            reword_at(
                "invalid value: integer `-1`, expected u32",
                "experience_years = -1",
                "-1"
            ),
            "`experience_years` must be a whole number of 0 or more, such as 5, without quotes: found -1"
        );
        assert_eq!(
            reword_at(
                "invalid type: string \"ten\", expected f64",
                "hours = \"ten\"",
                "\"ten"
            ),
            "`hours` must be a number such as 40 or 7.5, without quotes: found the text \"ten\""
        );
        assert_eq!(
            reword_at(
                "invalid type: string \"Java\", expected a sequence",
                "skills = \"Java\"",
                "\"Java"
            ),
            "`skills` must be a list in brackets, such as [\"Java\", \"SQL\"]: found the text \"Java\""
        );
        // A list of roles gets an example of roles, not of skills.
        assert_eq!(
            reword_at(
                "invalid type: string \"x\", expected a sequence",
                "related = \"x\"",
                "\"x"
            ),
            "`related` must be a list in brackets of roles' file names, such as [\"data-engineer\", \"backend-developer\"]: found the text \"x\""
        );
        assert_eq!(
            reword_at(
                "invalid type: integer `3`, expected a string",
                "title = 3",
                "3"
            ),
            "`title` must be text in quotes: found 3; write title = \"3\""
        );
        assert_eq!(
            reword_at(
                "invalid type: string \"yes\", expected a boolean",
                "free = \"yes\"",
                "\"yes"
            ),
            "`free` must be true or false, without quotes: found the text \"yes\""
        );
    }

    #[test]
    fn deep_nesting_is_said_in_words() {
        assert_eq!(
            reword_at(
                "cannot recurse further; max recursion depth met",
                "x = [[[[",
                "[[[["
            ),
            "values nested too deeply here (lists or tables inside each other): flatten them"
        );
    }

    #[test]
    fn missing_fields_get_an_example() {
        let nowhere = Place {
            key: None,
            value: "",
        };
        assert_eq!(
            reword("missing field `provider`", &nowhere),
            "missing field `provider`: add a line such as provider = \"Coursera\" (who offers the course)"
        );
        assert_eq!(
            reword("missing field `colour`", &nowhere),
            "missing field `colour`: add it"
        );
    }

    #[test]
    fn dates_written_another_way_are_shown_how_to_write_them() {
        assert_eq!(
            reword_at(
                "string values must be quoted, expected literal string",
                "updated = 2026/01/15",
                "2026"
            ),
            "`updated` must be a date written year-month-day, such as 2026-01-15: \
             found 2026/01/15; write 2026-01-15"
        );
        assert_eq!(
            reword_at(
                "string values must be quoted, expected literal string",
                "date = 15.01.2026 # comment",
                "15"
            ),
            "`date` must be a date written year-month-day, such as 2026-01-15: found 15.01.2026; \
             write 2026-01-15"
        );
        // Other syntax errors keep the parser's words.
        assert_eq!(
            reword_at(
                "string values must be quoted, expected literal string",
                "title = Backend",
                "Backend"
            ),
            "string values must be quoted, expected literal string"
        );
    }
}
