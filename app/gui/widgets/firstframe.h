#pragma once

#include <functional>

class QObject;
class QWidget;

namespace targetdesk::gui
{

// Runs `work` once `window` (a top-level widget) has been painted for the first time, or at once (queued) when it
// already has. For work the first frame does not need (probing the keychain loads a library, for instance): done
// before the first paint, it keeps the window off the screen for that long. Nothing runs when `context` is gone.
void runAfterFirstFrame(QWidget *window, QObject *context, std::function<void()> work);

} // namespace targetdesk::gui
