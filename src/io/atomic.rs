//! Replacing a file so that it is always either the old or the new version, even when
//! the process is killed or the machine loses power half-way.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Whether a file can be written at `path`, said before any work: not a folder, and in
/// a folder that exists.
pub fn check_output(path: &Path) -> Result<(), super::FileError> {
    use super::FileError;
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        return Err(FileError::OutputIsDirectory);
    }
    let dir = dir_of(path);
    if !dir.is_dir() {
        return Err(FileError::NoFolder(dir.display().to_string()));
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it
/// over `path`. An existing file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = written_beside(path, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// [`write_atomic`], keeping the version it replaces as `<path>.bak` (itself replaced
/// atomically, so a crash leaves a whole backup or the one before).
pub fn write_atomic_with_backup(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = written_beside(path, bytes)?;
    if path.is_file() {
        let bak = backup_path(path);
        // A hard link costs nothing; where the file system has none (FAT), a copy.
        let old = temp_beside(&bak)?.into_temp_path();
        std::fs::remove_file(&old)?;
        if std::fs::hard_link(path, &old).is_err() {
            std::fs::copy(path, &old)?;
            std::fs::File::open(&old)?.sync_all()?;
        }
        old.persist(&bak).map_err(|e| e.error)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(path);
    remove_stale_temps(path);
    Ok(())
}

/// Temporary files older than this beside a report were left by a save that was killed.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes what killed saves of `path` left behind (a save still running elsewhere has a
/// fresh file, which stays).
fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefixes = [format!(".{name}."), format!(".{name}.bak.")];
    let Ok(entries) = std::fs::read_dir(dir_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let ours = file.ends_with(".tmp") && prefixes.iter().any(|p| file.starts_with(p));
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if ours && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Where [`write_atomic_with_backup`] keeps the previous version.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".bak");
    path.with_file_name(name)
}

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temp_beside(path: &Path) -> std::io::Result<NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir_of(path))
}

/// `bytes` in a temporary file beside `path`, on disk, with `path`'s permissions.
fn written_beside(path: &Path, bytes: &[u8]) -> std::io::Result<NamedTempFile> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Makes the renames in `path`'s folder durable; not every platform can open a folder.
fn sync_dir(path: &Path) {
    if let Ok(d) = std::fs::File::open(dir_of(path)) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.nianbao");
        write_atomic(&path, b"old").expect("write");
        write_atomic(&path, b"new").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn the_replaced_version_is_kept_as_bak() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.nianbao");
        write_atomic_with_backup(&path, b"one").expect("write");
        assert!(
            !backup_path(&path).exists(),
            "nothing to back up the first time"
        );
        write_atomic_with_backup(&path, b"two").expect("write");
        write_atomic_with_backup(&path, b"three").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"three");
        assert_eq!(std::fs::read(backup_path(&path)).expect("bak"), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 2);
    }

    #[test]
    fn temporary_files_of_killed_saves_are_removed_once_stale() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.nianbao");
        let stale = dir.path().join(".r.nianbao.abc123.tmp");
        let fresh = dir.path().join(".r.nianbao.def456.tmp");
        let other = dir.path().join(".other.nianbao.abc123.tmp");
        for p in [&stale, &fresh, &other] {
            std::fs::write(p, b"half").expect("write");
        }
        let old = std::time::SystemTime::now() - 2 * STALE_AFTER;
        for p in [&stale, &other] {
            let f = std::fs::File::options().write(true).open(p).expect("open");
            f.set_modified(old).expect("mtime");
        }
        write_atomic_with_backup(&path, b"new").expect("write");
        assert!(
            !stale.exists(),
            "a stale temporary file of this report is removed"
        );
        assert!(fresh.exists(), "a save running elsewhere keeps its file");
        assert!(other.exists(), "another report's file is left alone");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.nianbao");
        write_atomic(&path, b"old").expect("write");
        let bad_target = dir.path().join("missing-folder").join("r.nianbao");
        assert!(write_atomic(&bad_target, b"new").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
    }
}
