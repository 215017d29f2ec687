//! What a parser said about a malformed file, in Chinese: the common cases named, the
//! parser's own words kept after them for whoever must fix the file by hand.

/// A RON parser error (the native `.nianbao` file) in Chinese.
pub fn ron(code: &ron::Error) -> String {
    use ron::Error as E;
    let said = match code {
        E::Eof => "文件不完整（意外结束），可能保存时被中断".to_owned(),
        E::UnexpectedChar(c) => format!("此处不应出现字符「{c}」"),
        E::TrailingCharacters => "内容结束后还有多余的字符".to_owned(),
        E::ExpectedComma => "缺少逗号".to_owned(),
        E::ExpectedString => "此处应为带引号的文字".to_owned(),
        E::ExpectedStringEnd => "文字的引号没有闭合，文件可能不完整".to_owned(),
        E::ExpectedInteger | E::IntegerOutOfBounds => "此处应为整数".to_owned(),
        E::ExpectedMap | E::ExpectedMapColon | E::ExpectedMapEnd => {
            "表格式的内容（{ 键: 值 }）不完整".to_owned()
        }
        E::ExpectedArray | E::ExpectedArrayEnd => "列表（[ … ]）不完整".to_owned(),
        E::ExpectedStructLike | E::ExpectedStructLikeEnd => "括号（( … )）不完整".to_owned(),
        E::NoSuchStructField { found, .. } => format!("未知的字段「{found}」"),
        E::MissingStructField { field, .. } => format!("缺少字段「{field}」"),
        E::DuplicateStructField { field, .. } => format!("字段「{field}」重复"),
        E::InvalidValueForType { expected, found } => {
            format!("值的类型不符：应为 {expected}，实际为 {found}")
        }
        E::NoSuchEnumVariant { found, .. } => format!("未知的取值「{found}」"),
        E::Utf8Error(_) => "文字编码不是 UTF-8".to_owned(),
        E::ExceededRecursionLimit => "嵌套层数过多".to_owned(),
        _ => "内容不符合年报文件的结构".to_owned(),
    };
    format!("{said}（{code}）")
}

/// A JSON parser error in Chinese.
pub fn json(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let english = e.to_string();
    // serde's data errors end with their place, which the message gives already.
    let words = english
        .rsplit_once(" at line ")
        .map_or(english.as_str(), |(w, _)| w);
    let said = match e.classify() {
        Category::Eof => "文件不完整（意外结束）".to_owned(),
        Category::Syntax => "不是有效的 JSON（括号、引号或逗号有误）".to_owned(),
        Category::Io => "读取失败".to_owned(),
        Category::Data => data(words),
    };
    format!("{said}（{words}）")
}

/// A serde data error (`missing field `x``, `invalid type: …, expected …`) in Chinese.
fn data(words: &str) -> String {
    let quoted = |w: &str| w.split('`').nth(1).unwrap_or("").to_owned();
    if words.starts_with("missing field") {
        format!("缺少字段「{}」", quoted(words))
    } else if words.starts_with("unknown field") {
        format!("未知的字段「{}」", quoted(words))
    } else if words.starts_with("duplicate field") {
        format!("字段「{}」重复", quoted(words))
    } else if words.starts_with("invalid type") || words.starts_with("invalid value") {
        "值的类型不符".to_owned()
    } else {
        "内容不符合年报 JSON 的结构".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_errors_are_named_in_chinese() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": ").expect_err("eof");
        assert!(json(&e).starts_with("文件不完整"), "{}", json(&e));
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            year: i32,
        }
        let e = serde_json::from_str::<S>("{}").expect_err("missing");
        assert!(json(&e).starts_with("缺少字段「year」"), "{}", json(&e));
        let e = serde_json::from_str::<S>("{\"year\": \"abc\"}").expect_err("type");
        assert!(json(&e).starts_with("值的类型不符"), "{}", json(&e));
        assert!(!json(&e).contains(" at line "), "{}", json(&e));
        assert!(ron(&ron::Error::UnexpectedChar('}')).starts_with("此处不应出现字符「}」"));
        assert!(ron(&ron::Error::Eof).starts_with("文件不完整"));
    }
}
