// The models kept in this browser (top bar, "Models" menu: switch, new, duplicate,
// rename, delete) and undo / redo (buttons and Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y). The
// logic is in core (ScoringFlow's library and undo, model_library.h, undo_history.h);
// this file only draws it and routes the keys.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <string>

#include "app/app.h"
#include "app/ui_kit.h"

namespace ces::app {

void App::HandleUndoKeys() {
  const ImGuiIO& io = ImGui::GetIO();
  // A text field being typed into has its own undo (ImGui's): leave the keys to it.
  if (io.WantTextInput || ImGui::IsAnyItemActive()) return;
  const bool command = io.KeyCtrl || io.KeySuper;
  if (!command) return;
  if (ImGui::IsKeyPressed(ImGuiKey_Z, false)) {
    if (io.KeyShift) flow_.Redo();
    else flow_.Undo();
  } else if (ImGui::IsKeyPressed(ImGuiKey_Y, false)) {
    flow_.Redo();
  }
}

void App::DrawUndoButtons(bool compact) {
  ImGui::BeginDisabled(!flow_.CanUndo());
  if (ImGui::Button(UndoLabel(compact))) flow_.Undo();
  ImGui::SetItemTooltip("Undo the last change to the score (Ctrl+Z).");
  Mark("undo");
  ImGui::EndDisabled();
  ImGui::SameLine(0, 2);
  ImGui::BeginDisabled(!flow_.CanRedo());
  if (ImGui::Button(RedoLabel(compact))) flow_.Redo();
  ImGui::SetItemTooltip("Redo (Ctrl+Shift+Z or Ctrl+Y).");
  Mark("redo");
  ImGui::EndDisabled();
}

void App::DrawModelsMenu(float width) {
  const ModelLibrary& library = flow_.library();
  const std::string preview = ui::Clip(library.current_entry().name, 40);
  ImGui::SetNextItemWidth(width);
  const bool open = ImGui::BeginCombo("##models", preview.c_str(), ImGuiComboFlags_HeightLarge);
  Mark("models");
  ImGui::SetItemTooltip("The scores kept in this browser: switch, add, copy, rename, delete.");
  if (!open) {
    rename_index_ = -1;
    return;
  }
  ImGui::TextDisabled("Scores kept in this browser (each saved as you edit)");
  ImGui::Separator();
  // Actions are applied after the list: they change it.
  enum { kNone, kSwitch, kNew, kDuplicate, kRename, kDelete } action = kNone;
  size_t target = library.current();
  for (size_t i = 0; i < library.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    const bool current = i == library.current();
    if (ImGui::Selectable(library.entries()[i].name.c_str(), current, ImGuiSelectableFlags_DontClosePopups,
                          ImVec2(360, 0)) && !current) {
      action = kSwitch;
      target = i;
    }
    Mark(("model-" + std::to_string(i)).c_str());
    ImGui::PopID();
  }
  ImGui::Separator();
  if (rename_index_ == static_cast<int>(library.current())) {
    ImGui::SetNextItemWidth(260);
    if (ImGui::IsWindowAppearing() || rename_focus_) ImGui::SetKeyboardFocusHere();
    rename_focus_ = false;
    const bool done = ImGui::InputText("##rename", &rename_text_, ImGuiInputTextFlags_EnterReturnsTrue);
    Mark("model-rename-field");
    ImGui::SameLine();
    if (done || ImGui::Button("Save name")) action = kRename;
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) rename_index_ = -1;
  } else {
    // The destructive button keeps its own place, apart from the others.
    if (ImGui::Button("New")) action = kNew;
    ImGui::SetItemTooltip("A new score: a starter for the open file, or the default score.");
    Mark("model-new");
    ImGui::SameLine();
    if (ImGui::Button("Duplicate")) action = kDuplicate;
    Mark("model-duplicate");
    ImGui::SameLine();
    if (ImGui::Button("Rename\u2026")) {
      rename_index_ = static_cast<int>(library.current());
      rename_text_ = library.current_entry().name;
      rename_focus_ = true;
    }
    Mark("model-rename");
    ImGui::SameLine(360 - ImGui::CalcTextSize("Delete").x - ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().WindowPadding.x);
    ImGui::BeginDisabled(library.size() < 2);
    if (ImGui::Button("Delete")) action = kDelete;
    ImGui::SetItemTooltip(library.size() < 2 ? "The last score cannot be deleted." : "Delete this score (Undo brings it back).");
    Mark("model-delete");
    ImGui::EndDisabled();
  }
  ImGui::EndCombo();

  switch (action) {
    case kNone: break;
    case kSwitch: flow_.SwitchModel(target); break;
    case kNew: flow_.NewModel(); break;
    case kDuplicate: flow_.DuplicateModel(library.current()); break;
    case kRename:
      flow_.RenameModel(library.current(), rename_text_);
      rename_index_ = -1;
      break;
    case kDelete: flow_.DeleteModel(library.current()); break;
  }
}

}  // namespace ces::app
