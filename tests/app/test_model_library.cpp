// The models kept in the browser (src/app/core/model_library.h) and how the scoring
// flow uses them: create, duplicate, rename, delete, switch, persist, migrate, and
// opening files and examples that never discard a model; undo through the flow.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/core/autosave.h"
#include "app/core/examples.h"
#include "app/core/model_library.h"
#include "app/core/scoring_flow.h"
#include "engine/model/model.h"
#include "fake_platform.h"

using namespace ces::app;

namespace {

std::string ModelNamed(const std::string& name, double weight = 1) {
  ces::ScoreModel m = DefaultModel();
  m.name = name;
  m.activities[0].weight = weight;
  return ces::ModelToJson(m);
}

constexpr char kCsv[] =
    "user_id,timestamp,event\n"
    "alice,2024-03-01T10:00:00Z,login\n"
    "bob,2024-03-03T09:00:00Z,login\n";

void Send(ScoringFlow& flow, std::string_view bytes) {
  flow.OnFileBegin("other.csv", bytes.size(), false);
  flow.OnFileChunk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  flow.OnFileEnd();
}

std::vector<std::string> Names(const ModelLibrary& lib) {
  std::vector<std::string> out;
  for (const LibraryEntry& e : lib.entries()) out.push_back(e.name);
  return out;
}

}  // namespace

TEST_CASE("create, duplicate, rename, delete and switch keep names unique and one model current") {
  ModelLibrary lib;
  lib.StartWith(ModelNamed("Main"), false);
  CHECK(lib.Add(ModelNamed("Main"), "Main") == 1);  // the name is taken
  CHECK(Names(lib) == std::vector<std::string>{"Main", "Main (2)"});
  CHECK(ces::LoadModel(lib.entries()[1].model_json).model->name == "Main (2)");  // the model's own name follows
  CHECK(lib.current() == 1);
  CHECK(lib.Duplicate(0) == 2);
  CHECK(lib.entries()[2].name == "Main (copy)");
  CHECK(lib.Rename(2, "Trial users"));
  CHECK(ces::LoadModel(lib.entries()[2].model_json).model->name == "Trial users");
  CHECK_FALSE(lib.Rename(2, "  "));
  CHECK(lib.Rename(2, "Main"));
  CHECK(lib.entries()[2].name == "Main (3)");
  CHECK(lib.Switch(0));
  CHECK(lib.current() == 0);
  CHECK(lib.Remove(0));  // the current one: its neighbour takes over
  CHECK(lib.current() == 0);
  CHECK(lib.current_entry().name == "Main (2)");
  CHECK(lib.Remove(1));
  CHECK_FALSE(lib.Remove(0));  // the last model stays
  CHECK(lib.size() == 1);
}

TEST_CASE("the library round-trips through its stored JSON; damaged entries are dropped, other layouts refused") {
  ModelLibrary lib;
  lib.StartWith(ModelNamed("A"), true);
  lib.Add(ModelNamed("B", 3), "B");
  lib.Switch(0);
  const std::string text = lib.ToJson();
  const nlohmann::json j = nlohmann::json::parse(text);
  CHECK(j["ces_library"] == 1);
  CHECK(j["current"] == 0);
  CHECK(j["models"][1]["model"]["activities"][0]["weight"] == 3);

  ModelLibrary back;
  REQUIRE(back.FromJson(text));
  CHECK(back.ToJson() == text);
  CHECK(back.entries()[0].untouched);

  nlohmann::json damaged = j;
  damaged["models"][0]["model"]["activities"] = "none";
  damaged["current"] = 1;
  std::vector<std::string> dropped;
  ModelLibrary partial;
  REQUIRE(partial.FromJson(damaged.dump(), &dropped));
  CHECK(dropped == std::vector<std::string>{"A"});
  CHECK(Names(partial) == std::vector<std::string>{"B"});
  CHECK(partial.current() == 0);

  nlohmann::json later = j;
  later["ces_library"] = 2;
  ModelLibrary untouched = back;
  CHECK_FALSE(untouched.FromJson(later.dump()));
  CHECK(untouched.ToJson() == text);  // unchanged
  CHECK_FALSE(untouched.FromJson("not json"));
}

TEST_CASE("the first start migrates the single autosaved model into the library; later starts read the library") {
  ces_test::FakePlatform platform;
  {
    ScoringFlow flow(platform);
    flow.OnStart(ModelNamed("Remember me", 7), "", "");
    REQUIRE(flow.library().size() == 1);
    CHECK(flow.library().entries()[0].name == "Remember me");
    CHECK_FALSE(flow.library().entries()[0].untouched);  // the user's: a new file must not replace it
    CHECK(flow.model().last_valid().activities[0].weight == 7);
    platform.SaveSetting(kLibraryStorageKey, flow.LibraryJson());
  }
  {
    ScoringFlow flow(platform);
    flow.OnStart("", "", platform.LoadSetting(kLibraryStorageKey));
    CHECK(flow.model().last_valid().name == "Remember me");
    flow.NewModel();
    flow.RenameModel(1, "Second");
    platform.SaveSetting(kLibraryStorageKey, flow.LibraryJson());
  }
  {
    ScoringFlow flow(platform);
    flow.OnStart(ModelNamed("Stale single model"), "", platform.LoadSetting(kLibraryStorageKey));
    CHECK(Names(flow.library()) == std::vector<std::string>{"Remember me", "Second"});
    CHECK(flow.library().current() == 1);
    CHECK(flow.model().last_valid().name == "Second");
    CHECK(flow.TakeNotices().empty());
  }
  {
    ScoringFlow flow(platform);  // a first visit: the default score, marked as the page's own
    flow.OnStart("", "", "");
    CHECK(flow.library().size() == 1);
    CHECK(flow.library().entries()[0].untouched);
  }
}

TEST_CASE("a file the current model does not fit brings a starter, and the edited model stays in the library") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  flow.model().edit().name = "My careful score";
  flow.model().edit().activities[0].weight = 4;
  flow.AfterModelEdit();
  Send(flow, kCsv);  // no such columns: a starter
  REQUIRE(flow.status() == ScoringFlow::Status::kScored);
  CHECK(flow.model().last_valid().name != "My careful score");
  REQUIRE(flow.library().size() == 2);
  CHECK(flow.library().entries()[0].name == "My careful score");
  CHECK(ces::LoadModel(flow.library().entries()[0].model_json).model->activities[0].weight == 4);
  CHECK(flow.library().current() == 1);
  CHECK(flow.model_note().find("\u201cMy careful score\u201d is kept under Models") != std::string::npos);

  // A second file: the starter nobody changed is replaced, not piled up.
  Send(flow, "customer,time,kind\nx,2024-01-01,open\n");
  CHECK(flow.library().size() == 2);
  CHECK(flow.library().entries()[0].name == "My careful score");

  // Switching back: the kept model is current again and scores (or says why not).
  flow.SwitchModel(0);
  CHECK(flow.model().last_valid().name == "My careful score");
  CHECK(flow.library().current() == 0);
}

TEST_CASE("an example brings its model as a new entry; the one on screen is kept and a notice says where") {
  const std::string example_model = ModelNamed("Example score", 5);
  const BundledExample example{"demo", "Example score", "", example_model, "", 0, 0};
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  SetModelResult set = flow.SetModelJson(ModelNamed("Hand made", 2), ModelOrigin::kApi);
  REQUIRE(set.ok);
  flow.TakeNotices();
  flow.OpenExample(example);
  CHECK(flow.library().size() == 2);
  CHECK(flow.library().entries()[0].name == "Hand made");
  bool told = false;
  for (const Notice& n : flow.TakeNotices()) told |= n.text.find("\u201cHand made\u201d is kept under Models") != std::string::npos;
  CHECK(told);
  CHECK(flow.model().last_valid().name == "Example score");
  CHECK(platform.opened_name == "demo.csv");
  // The same example again: no second copy.
  flow.OpenExample(example);
  CHECK(flow.library().size() == 2);
}

TEST_CASE("undo and redo through the flow: edits, setModel, deletes and switches") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  CHECK_FALSE(flow.CanUndo());
  const double w0 = flow.model().last_valid().activities[0].weight;

  // A drag: many commits while editing, one step.
  for (double w : {2.0, 3.0, 4.0}) {
    flow.model().edit().activities[0].weight = w;
    flow.AfterModelEdit();
    flow.RecordUndo(true);
  }
  flow.RecordUndo(false);
  // setModel is an edit like any other.
  REQUIRE(flow.SetModelJson(ModelNamed("Set by API", 9), ModelOrigin::kApi).ok);
  CHECK(flow.Undo());
  CHECK(flow.model().last_valid().activities[0].weight == 4);
  CHECK(flow.Undo());
  CHECK(flow.model().last_valid().activities[0].weight == w0);
  CHECK_FALSE(flow.Undo());
  CHECK(flow.Redo());
  CHECK(flow.model().last_valid().activities[0].weight == 4);
  CHECK(flow.CanRedo());
  // A new edit clears redo.
  flow.model().edit().activities[0].weight = 5;
  flow.AfterModelEdit();
  flow.RecordUndo(false);
  CHECK_FALSE(flow.CanRedo());
  CHECK_FALSE(flow.Redo());

  // A delete is undone like an edit.
  flow.DuplicateModel(0);
  REQUIRE(flow.library().size() == 2);
  const std::string copy = flow.library().entries()[1].name;
  CHECK(flow.DeleteModel(1));
  CHECK(flow.library().size() == 1);
  CHECK(flow.Undo());
  REQUIRE(flow.library().size() == 2);
  CHECK(flow.library().entries()[1].name == copy);
  CHECK(flow.library().current() == 1);
  // A switch too; after undo the restored state records nothing new.
  flow.SwitchModel(0);
  CHECK(flow.Undo());
  CHECK(flow.library().current() == 1);
  flow.RecordUndo(false);
  CHECK(flow.CanRedo());
}

TEST_CASE("autosave writes the library once it stops changing") {
  ces_test::FakePlatform platform;
  ScoringFlow flow(platform);
  flow.OnStart("", "", "");
  Autosave autosave;
  autosave.Saved(flow.LibraryVersion());
  CHECK_FALSE(autosave.Due(flow.LibraryVersion(), 0.0, false));
  flow.RenameModel(0, "Renamed");  // a library change, not a model version alone
  CHECK_FALSE(autosave.Due(flow.LibraryVersion(), 1.0, false));
  CHECK(autosave.Due(flow.LibraryVersion(), 1.0 + Autosave::kDelaySeconds, false));
  ModelLibrary stored;
  REQUIRE(stored.FromJson(flow.LibraryJson()));
  CHECK(stored.current_entry().name == "Renamed");
}
