#include "engine/evaluate/history.h"

#include "engine/base/number_format.h"
#include "engine/csv/value_parse.h"
#include "engine/results/results_csv.h"

namespace ces {

void AppendHistoryRows(const Dataset& data, const ScoreModel& model, const ScoreTable& t, int32_t day,
                       std::string& out) {
  const std::string date = FormatDate(day);
  for (uint32_t c : t.order) {
    out += date;
    out.push_back(',');
    AppendTextCell(data.customer_id(c), out);
    out.push_back(',');
    AppendNumber(t.score[c], out);
    out.push_back(',');
    AppendNumber(t.raw[c], out);
    out.push_back(',');
    if (t.tier[c] >= 0) AppendTextCell(model.tiers[static_cast<size_t>(t.tier[c])].name, out);
    out.push_back(',');
    AppendTextCell(data.segment_name(t.segment[c]), out);  // as of the table's date, by the model's rule
    out.push_back('\n');
  }
}

bool WriteHistoryCsv(const Dataset& data, const ScoreModel& model, const std::vector<int32_t>& dates,
                     const std::function<bool(std::string_view)>& write, size_t piece_bytes) {
  std::string out = "as_of,customer,score,raw,tier,segment\n";
  ScoreTable table;
  for (int32_t day : dates) {
    ComputeScoresOnDate(data, model, day, &table);
    AppendHistoryRows(data, model, table, day, out);
    if (out.size() >= piece_bytes) {
      if (!write(out)) return false;
      out.clear();
    }
  }
  return out.empty() || write(out);
}

std::string HistoryCsv(const Dataset& data, const ScoreModel& model, const std::vector<int32_t>& dates) {
  return WholeText([&](const auto& write) { return WriteHistoryCsv(data, model, dates, write); });
}

}  // namespace ces
