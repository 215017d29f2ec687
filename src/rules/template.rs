//! Filling `{name}` placeholders in rule messages.

/// Replaces each `{name}` of `vars` in `template`; unknown placeholders stay as written.
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
                out.push_str(value);
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
}
