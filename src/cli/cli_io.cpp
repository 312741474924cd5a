#include "cli/cli_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "engine/base/engine_limits.h"

namespace ces::cli {

void Say(const std::string& line) { std::fprintf(stderr, "ces: %s\n", line.c_str()); }

bool ReadWholeFile(const std::string& path, std::string* out, std::string* error, size_t max_bytes) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out->append(buf, n);
    if (out->size() > max_bytes) break;
  }
  bool ok = !std::ferror(f);
  if (!ok) *error = path + ": " + std::strerror(errno);
  if (f != stdin) std::fclose(f);
  return ok;
}

// Streams a file (or stdin) through `feed` in chunks; false on an I/O error or when feed stops.
bool StreamFile(const std::string& path, const std::function<bool(const char*, size_t)>& feed, std::string* error) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = std::strerror(errno);
    return false;
  }
  std::vector<char> buf(kReadChunk);
  bool ok = true;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    if (!feed(buf.data(), n)) break;
  }
  if (std::ferror(f)) {
    *error = std::strerror(errno);
    ok = false;
  }
  if (f != stdin) std::fclose(f);
  return ok;
}

bool LoadModelFile(const std::string& path, ScoreModel* model) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error, kMaxModelBytes + 16)) {  // the loader reports the size
    Say(error);
    return false;
  }
  ModelLoadResult r = LoadModel(text);
  if (!r.ok()) {
    for (const ModelError& e : r.errors) Say(path + ": " + e.ToString());
    return false;
  }
  *model = *r.model;
  return true;
}

bool WriteOutputPieces(const std::string& path, const PieceWriter& write_pieces) {
  FILE* out = stdout;
  if (!path.empty() && path != "-") {
    out = std::fopen(path.c_str(), "wb");
    if (!out) {
      Say(path + ": " + std::strerror(errno));
      return false;
    }
  }
  bool wrote = write_pieces([&](std::string_view piece) {
    return std::fwrite(piece.data(), 1, piece.size(), out) == piece.size();
  });
  wrote = (std::fflush(out) == 0) && wrote;
  if (out != stdout) wrote = (std::fclose(out) == 0) && wrote;
  if (!wrote) Say((path.empty() || path == "-" ? std::string("standard output") : path) + ": write failed: " + std::strerror(errno));
  return wrote;
}

bool WriteOutput(const std::string& path, std::string_view text) {
  return WriteOutputPieces(path, [&](const std::function<bool(std::string_view)>& write) { return write(text); });
}

Args::Args(const std::vector<std::string>& args, std::vector<std::string> with_value, std::vector<std::string> flags) {
  auto known = [](const std::vector<std::string>& list, const std::string& n) {
    return std::find(list.begin(), list.end(), n) != list.end();
  };
  for (size_t i = 0; i < args.size() && error_.empty(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-') {
      positional_.push_back(a);
      continue;
    }
    std::string name = a, value;
    const size_t eq = a.find('=');
    const bool inline_value = a.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    if (known(flags, name) && !inline_value) {
      values_.push_back({name, ""});
    } else if (known(with_value, name)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          error_ = a + " needs a value (see ces --help)";
          break;
        }
        value = args[++i];
      }
      values_.push_back({name, value});
    } else {
      error_ = "unknown option " + a + " (see ces --help)";
    }
  }
}

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return *end == '\0' && n > 0 ? n : fallback;
}

bool Args::Has(const std::string& name) const {
  for (const auto& v : values_)
    if (v.first == name) return true;
  return false;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  std::string out = fallback;
  for (const auto& v : values_)
    if (v.first == name) out = v.second;  // the last one given wins
  return out;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& v : values_)
    if (v.first == name) out.push_back(v.second);
  return out;
}

}  // namespace ces::cli
