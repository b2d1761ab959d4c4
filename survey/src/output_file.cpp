#include "ankieta/survey/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey {
namespace {

namespace fs = std::filesystem;

// Follows symbolic links at the end of `path` (the folders are resolved by weakly_canonical), so
// that the file is replaced where the link points and the link itself survives.
fs::path follow_links(const std::string& path) {
  fs::path current = path;
  for (int hop = 0; hop < 40; ++hop) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(current, error)) || error) break;
    fs::path target = fs::read_symlink(current, error);
    if (error) break;
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  return current;
}

// The canonical folder plus the name: the same for every spelling of a file that does not exist
// yet ("./s.db-wal", "dir/../s.db-wal", a link to the folder).
std::string canonical_name(const std::string& path) {
  std::error_code error;
  fs::path followed = follow_links(path);
  fs::path absolute = fs::absolute(followed, error);
  if (error) absolute = followed;
  fs::path name = absolute.filename();
  if (name.empty() || name == "." || name == "..") {
    fs::path whole = fs::weakly_canonical(absolute, error);
    return error ? absolute.lexically_normal().string() : whole.string();
  }
  fs::path folder = fs::weakly_canonical(absolute.parent_path(), error);
  if (error) folder = absolute.parent_path().lexically_normal();
  return (folder / name).string();
}

struct Identity {
  std::string canonical;
  bool exists = false;
  bool regular = false;
  dev_t device = 0;
  ino_t inode = 0;
};

// Stated afresh at every check: a protected file may appear (a -wal) or be replaced after it was
// registered, and an inode number recorded earlier may since belong to another file.
Identity identify(const std::string& path) {
  Identity identity;
  identity.canonical = canonical_name(path);
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    identity.exists = true;
    identity.regular = S_ISREG(info.st_mode);
    identity.device = info.st_dev;
    identity.inode = info.st_ino;
  }
  return identity;
}

bool same_file(const Identity& a, const Identity& b) {
  if (a.exists && b.exists) return a.device == b.device && a.inode == b.inode;
  return a.canonical == b.canonical;
}

struct ProtectedFile {
  std::string spelled;    // as the command was given it
  std::string canonical;
  std::string what;       // "the survey database", "an input file", ...
};

struct ClaimedOutput {
  std::string spelled;
  std::string canonical;
  const void* owner = nullptr;  // the OutputFile holding the claim, or nullptr for claim_output()
};

struct Registry {
  std::mutex mutex;
  std::vector<ProtectedFile> protected_files;
  std::vector<ClaimedOutput> claimed_outputs;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

// Special files (devices, pipes) are not what the rule protects: reading /dev/stdin and writing
// /dev/stdout is no conflict.
bool protectable(const Identity& identity) { return !identity.exists || identity.regular; }

[[noreturn]] void refuse(const std::string& output, const ProtectedFile& file) {
  std::string original = file.spelled == output ? std::string() : fmt::format(" ({})", file.spelled);
  throw Error(ErrorKind::cannot_create, fmt::format("{}: refusing to write the output over {}{}", output, file.what, original));
}

// Caller holds the registry's mutex.
void check_against_protected(const std::string& output, const Identity& output_identity, const Registry& files) {
  for (const auto& file : files.protected_files) {
    Identity identity = identify(file.canonical);
    if (protectable(identity) && same_file(output_identity, identity)) refuse(output, file);
  }
}

void add_protected(ProtectedFile file) {
  Registry& files = registry();
  std::lock_guard lock(files.mutex);
  Identity identity = identify(file.spelled);
  if (protectable(identity)) {
    for (const auto& claim : files.claimed_outputs)
      if (same_file(identify(claim.canonical), identity)) refuse(claim.spelled, file);
  }
  file.canonical = identity.canonical;
  files.protected_files.push_back(std::move(file));
}

void add_claim(const std::string& path, const void* owner) {
  Registry& files = registry();
  std::lock_guard lock(files.mutex);
  Identity identity = identify(path);
  check_against_protected(path, identity, files);
  files.claimed_outputs.push_back({path, identity.canonical, owner});
}

void release_claims(const void* owner) {
  Registry& files = registry();
  std::lock_guard lock(files.mutex);
  std::erase_if(files.claimed_outputs, [&](const ClaimedOutput& claim) { return claim.owner == owner; });
}

// The process's umask, read without changing it (umask() can only be read by setting it, which
// would race with another thread creating a file).
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

// Devices, pipes and the files under /dev and /proc (/dev/stdout, /proc/self/fd/1) cannot be
// replaced by a rename, and replacing /dev/null would be a disaster: they are written directly.
bool is_special(const std::string& path, const struct stat* info) {
  if (info && !S_ISREG(info->st_mode)) return true;
  std::error_code error;
  std::string absolute = fs::absolute(path, error).lexically_normal().string();
  return absolute.rfind("/dev/", 0) == 0 || absolute.rfind("/proc/", 0) == 0;
}

// ".NAME.tmp-XXXXXX", the name cut (at a UTF-8 boundary) so that it stays within NAME_MAX.
std::string temporary_name(const std::string& name) {
  constexpr std::size_t kMaxStem = 200;
  std::size_t length = std::min(name.size(), kMaxStem);
  while (length > 0 && length < name.size() && (static_cast<unsigned char>(name[length]) & 0xC0) == 0x80) --length;
  return "." + name.substr(0, length) + ".tmp-XXXXXX";
}

void sync_folder(const fs::path& folder) {
  int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename is done; durability of the folder entry is best effort
  ::fsync(fd);
  ::close(fd);
}

// fsync on a file system that cannot sync (some FUSE mounts) is no write error.
bool sync_failed(int fd) { return ::fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP; }

}  // namespace

mode_t new_file_mode() { return 0666 & ~current_umask(); }

void protect_database(const std::string& path) {
  add_protected({path, "", "the survey database"});
  for (const char* companion : {"-wal", "-shm", "-journal"})
    add_protected({path + companion, "", fmt::format("the survey database's {} file", companion)});
}

void protect_input(const std::string& path) { add_protected({path, "", "an input file"}); }

void claim_output(const std::string& path) {
  if (path.empty() || path == "-") return;
  add_claim(path, nullptr);
}

void check_output_path(const std::string& path) {
  Registry& files = registry();
  std::lock_guard lock(files.mutex);
  check_against_protected(path, identify(path), files);
}

OutputFile::OutputFile(std::string path, std::string noun) : path_(std::move(path)), noun_(std::move(noun)) {
  if (path_.empty()) fail("create", ENOENT);
  add_claim(path_, this);  // refuses a protected path before anything is created
  try {
    struct stat info {};
    bool exists = ::stat(path_.c_str(), &info) == 0;
    if (exists && S_ISDIR(info.st_mode)) fail("create", EISDIR);
    if (is_special(path_, exists ? &info : nullptr)) {
      direct_ = true;
      target_ = path_;
      file_ = std::fopen(path_.c_str(), "wb");
      if (!file_) fail("create", errno);
      return;
    }
    fs::path target = follow_links(path_);
    target_ = target.string();
    temporary_ = (target.parent_path() / temporary_name(target.filename().string())).string();
    int fd = ::mkstemp(temporary_.data());
    if (fd < 0) {
      int error = errno;
      temporary_.clear();
      fail("create", error);
    }
    // mkstemp makes the file 0600; give it the mode the replaced file had, or a new file's.
    ::fchmod(fd, exists ? (info.st_mode & 07777) : new_file_mode());
    if (exists && (info.st_uid != ::geteuid() || info.st_gid != ::getegid())) {
      if (::fchown(fd, info.st_uid, info.st_gid) != 0) {
        // Only root may give a file away: otherwise the replaced file becomes the writer's own.
      }
    }
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
      int error = errno;
      ::close(fd);
      remove_temporary();
      fail("create", error);
    }
  } catch (...) {
    release_claims(this);
    throw;
  }
}

OutputFile::~OutputFile() {
  if (file_) std::fclose(file_);
  if (!committed_) remove_temporary();
  release_claims(this);
}

bool OutputFile::write(const void* data, std::size_t size) {
  if (size == 0) return !failed_;
  if (failed_ || !file_) return false;
  if (std::fwrite(data, 1, size, file_) != size) {
    failed_ = true;
    errno_ = errno;
  }
  return !failed_;
}

const std::string& OutputFile::hand_over_to_writer() {
  if (file_) {
    std::fclose(file_);
    file_ = nullptr;
  }
  handed_over_ = true;
  return direct_ ? path_ : temporary_;
}

void OutputFile::close() {
  if (closed_) return;
  closed_ = true;
  bool ok = !failed_;
  int error = errno_;
  auto failed_with = [&](int code) {
    if (ok) error = code;
    ok = false;
  };
  if (handed_over_) {
    if (!direct_) {
      int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) failed_with(errno);
      else {
        if (sync_failed(fd)) failed_with(errno);
        ::close(fd);
      }
    }
  } else if (file_) {
    if (std::fflush(file_) != 0) failed_with(errno);
    if (std::ferror(file_)) failed_with(error);
    if (!direct_ && ok && sync_failed(::fileno(file_))) failed_with(errno);
    if (std::fclose(file_) != 0) failed_with(errno);
    file_ = nullptr;
  }
  if (!ok) {
    remove_temporary();
    fail("write", error);
  }
}

void OutputFile::commit() {
  if (committed_) return;
  close();
  if (!direct_) {
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
      int error = errno;
      remove_temporary();
      fail("write", error);
    }
    temporary_.clear();
    sync_folder(fs::path(target_).parent_path());
  }
  committed_ = true;
}

void OutputFile::fail(std::string_view verb, int error) {
  throw Error(ErrorKind::cannot_create,
              fmt::format("{}: cannot {} {}{}", path_, verb, noun_, error ? std::string(": ") + std::strerror(error) : std::string()));
}

void OutputFile::remove_temporary() {
  if (temporary_.empty()) return;
  ::unlink(temporary_.c_str());
  temporary_.clear();
}

void write_output_file(const std::string& path, std::string_view content, std::string noun) {
  OutputFile file(path, std::move(noun));
  file.write(content);
  file.finish();
}

}  // namespace ankieta::survey
