// `ces validate MODEL.json` (spec section 6): "ok", or every problem with its field path.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/cli_io.h"
#include "cli/commands.h"

namespace ces::cli {

int Validate(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    Say("validate takes one model file (see ces --help)");
    return kExitUnusable;
  }
  ScoreModel model;
  if (!LoadModelFile(args[0], &model)) return kExitUnusable;
  std::printf("ok\n");
  return kExitOk;
}

}  // namespace ces::cli
