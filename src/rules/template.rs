//! Filling `{name}` placeholders in rule messages.

/// Longest value quoted whole in a message; a longer one (a cell of a million
/// characters, a sentence without punctuation) is shortened, with its length said.
pub const MAX_QUOTED_CHARS: usize = 80;

/// `value` as quoted in a message: whole, or its beginning and its length.
pub fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(MAX_QUOTED_CHARS) {
        None => value.into(),
        Some((end, _)) => format!("{}…（共 {} 字）", &value[..end], value.chars().count()).into(),
    }
}

/// Replaces each `{name}` of `vars` in `template` (see [`MAX_QUOTED_CHARS`]); unknown
/// placeholders stay as written.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (close, *v))
        }) {
            Some((close, value)) => {
                out.push_str(&quoted(value));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_known_names_only() {
        assert_eq!(
            fill(
                "一+二（{left}）≠（{right}）{x}",
                &[("left", "12"), ("right", "11")]
            ),
            "一+二（12）≠（11）{x}"
        );
        assert_eq!(fill("{", &[]), "{");
        assert_eq!(fill("{a}{a}", &[("a", "1")]), "11");
    }

    #[test]
    fn long_values_are_shortened_with_their_length() {
        let long = "8".repeat(1_000_000) + "次";
        let message = fill("「{text}」", &[("text", &long)]);
        assert_eq!(
            message,
            format!(
                "「{}…（共 1000001 字）」",
                "8".repeat(super::MAX_QUOTED_CHARS)
            )
        );
    }
}
