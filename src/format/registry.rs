//! The formats built into the binary, and choosing one by year.

use std::sync::{Arc, OnceLock};

use super::migration::{Migration, Plan, compile_migration};
use super::{Format, FormatError, compile};

/// Format files embedded at build time: (file name, contents).
const BUILTIN: &[(&str, &str)] = &[
    ("2019.ron", include_str!("../../assets/formats/2019.ron")),
    ("2021.ron", include_str!("../../assets/formats/2021.ron")),
];

/// Migration files embedded at build time: (file name, contents).
const BUILTIN_MIGRATIONS: &[(&str, &str)] = &[(
    "migration-2019-2021.ron",
    include_str!("../../assets/formats/migration-2019-2021.ron"),
)];

/// A set of formats with non-overlapping year ranges.
#[derive(Debug, Clone)]
pub struct Registry {
    formats: Vec<Arc<Format>>,
    migrations: Vec<Migration>,
}

impl Registry {
    /// The built-in formats, compiled and checked once per process.
    pub fn builtin() -> Result<&'static Registry, FormatError> {
        static BUILTIN_REGISTRY: OnceLock<Result<Registry, FormatError>> = OnceLock::new();
        BUILTIN_REGISTRY
            .get_or_init(|| Registry::from_sources_with(BUILTIN, BUILTIN_MIGRATIONS))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Compiles format files given as (file name, contents). Each file's id must equal its
    /// file stem, and no two formats may claim the same year.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Registry, FormatError> {
        Registry::from_sources_with(sources, &[])
    }

    /// [`Registry::from_sources`] with migration files between the formats, each checked
    /// against the formats it names.
    pub fn from_sources_with(
        sources: &[(&str, &str)],
        migrations: &[(&str, &str)],
    ) -> Result<Registry, FormatError> {
        let mut formats: Vec<Arc<Format>> = Vec::with_capacity(sources.len());
        for (file, source) in sources {
            let format = compile(file, source)?;
            let stem = file
                .rsplit('/')
                .next()
                .unwrap_or(file)
                .trim_end_matches(".ron");
            let error = |message: String| FormatError {
                file: (*file).to_owned(),
                line: None,
                message,
            };
            if format.id() != stem {
                return Err(error(format!(
                    "格式 id「{}」与文件名「{stem}」不一致",
                    format.id()
                )));
            }
            if let Some(other) = formats.iter().find(|f| overlaps(f, &format)) {
                return Err(error(format!(
                    "格式「{}」与「{}」适用的年度重叠",
                    format.id(),
                    other.id()
                )));
            }
            formats.push(Arc::new(format));
        }
        let migrations = migrations
            .iter()
            .map(|(file, source)| compile_migration(file, source, &formats))
            .collect::<Result<_, _>>()?;
        Ok(Registry {
            formats,
            migrations,
        })
    }

    /// All formats, in the order given.
    pub fn formats(&self) -> &[Arc<Format>] {
        &self.formats
    }

    /// The format with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Format>> {
        self.formats.iter().find(|f| f.id() == id)
    }

    /// The formats' ids, as a message lists them: `2019、2021`.
    pub fn ids(&self) -> String {
        self.formats
            .iter()
            .map(|f| f.id())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The first report year any format applies to.
    pub fn first_year(&self) -> Option<i32> {
        self.formats.iter().map(|f| f.spec.first_year).min()
    }

    /// What the built-in formats support, for a message: `支持 2019、2021` when `ids`,
    /// else `支持 2019 年度及以后`.
    pub fn supported(ids: bool) -> String {
        match Registry::builtin() {
            Ok(r) if ids => format!("支持 {}", r.ids()),
            Ok(r) => match r.first_year() {
                Some(year) => format!("支持 {year} 年度及以后"),
                None => "没有可用的报告格式".to_owned(),
            },
            Err(e) => e.to_string(),
        }
    }

    /// How a report moves from format `from` to format `to`, if a migration file joins
    /// them.
    pub fn migration(&self, from: &str, to: &str) -> Option<&Plan> {
        self.migrations.iter().find_map(|m| m.plan(from, to))
    }

    /// The format that applies to reports of `year`.
    pub fn for_year(&self, year: i32) -> Option<&Arc<Format>> {
        self.formats.iter().find(|f| f.applies_to(year))
    }
}

fn overlaps(a: &Format, b: &Format) -> bool {
    let end = |f: &Format| f.spec.last_year.unwrap_or(i32::MAX);
    a.spec.first_year <= end(b) && b.spec.first_year <= end(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_formats_load_and_pick_by_year() {
        let reg = Registry::builtin().expect("built-in formats are valid");
        assert_eq!(reg.for_year(2019).map(|f| f.id()), Some("2019"));
        assert_eq!(reg.for_year(2020).map(|f| f.id()), Some("2019"));
        assert_eq!(reg.for_year(2021).map(|f| f.id()), Some("2021"));
        assert_eq!(reg.for_year(2035).map(|f| f.id()), Some("2021"));
        assert!(reg.for_year(2018).is_none());
        assert_eq!(reg.ids(), "2019、2021");
        assert_eq!(Registry::supported(false), "支持 2019 年度及以后");
    }

    #[test]
    fn id_must_match_file_name_and_years_must_not_overlap() {
        let e = Registry::from_sources(&[("2022.ron", BUILTIN[1].1)]).expect_err("id mismatch");
        assert!(e.message.contains("2022"), "{e}");
        let e =
            Registry::from_sources(&[BUILTIN[1], ("2021.ron", BUILTIN[1].1)]).expect_err("overlap");
        assert!(e.message.contains("重叠"), "{e}");
    }
}
