// User-facing messages (warnings and errors about loaded state or data), shown in a dismissable
// window until the user closes them.
#pragma once

#include <string>
#include <vector>

namespace hs::ui {

enum class MessageLevel { info, warning, error };

struct Message {
  MessageLevel level = MessageLevel::info;
  std::string text;  // plain text, shown verbatim (never interpreted as markup or format)
};

struct MessageLog {
  std::vector<Message> messages;
  void add(MessageLevel level, std::string text) { messages.push_back({level, std::move(text)}); }
};

// Draws the open messages near the top of the viewport; "Dismiss" clears them.
void draw_messages(MessageLog& log);

}  // namespace hs::ui
