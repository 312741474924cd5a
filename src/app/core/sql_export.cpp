#include "app/core/sql_export.h"

#include "app/core/file_name.h"
#include "engine/sql/sql_query.h"

namespace ces::app {

namespace {

std::string Trimmed(const std::string& s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

const OperationResult& SqlExport::Result(const ScoreModel& model, uint64_t model_version) {
  if (dialect >= kSqlExportDialectCount) dialect = 0;
  const std::string t = Trimmed(table);
  if (made_for_version_ != model_version || made_for_dialect_ != dialect || made_for_table_ != t || made_for_version_ == 0) {
    result_ = SqlOperation(model, kSqlExportDialects[dialect].id, t);
    made_for_version_ = model_version;
    made_for_dialect_ = dialect;
    made_for_table_ = t;
  }
  return result_;
}

std::string SqlExport::TableShown(const ScoreModel& model) const {
  const std::string t = Trimmed(table);
  return t.empty() ? DefaultSqlTable(model) : t;
}

std::string SqlExport::FileName(const std::string& model_name) const {
  const size_t d = dialect < kSqlExportDialectCount ? dialect : 0;
  return FileSlug(model_name, "ces-score") + "-" + kSqlExportDialects[d].id + ".sql";
}

}  // namespace ces::app
