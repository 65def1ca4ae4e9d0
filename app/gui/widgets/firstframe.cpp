#include "widgets/firstframe.h"

#include <QEvent>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <QWindow>

namespace targetdesk::gui
{

namespace
{

// Watches the window's own paint event: the first one means its first frame is being drawn; the work runs on the
// next turn of the event loop, after that frame went out.
class FirstFrameWatcher final : public QObject
{
public:
    FirstFrameWatcher(QWidget *window, QObject *context, std::function<void()> work)
        : QObject(window), m_context(context), m_work(std::move(work))
    {
        window->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_fired) {
            m_fired = true;
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [this] {
                if (m_context)
                    m_work();
                deleteLater();
            });
        }
        return false;
    }

private:
    QPointer<QObject> m_context;
    std::function<void()> m_work;
    bool m_fired = false;
};

} // namespace

void runAfterFirstFrame(QWidget *window, QObject *context, std::function<void()> work)
{
    const bool onScreen = window->isVisible() && window->windowHandle() && window->windowHandle()->isExposed();
    if (onScreen) {
        QTimer::singleShot(0, context, std::move(work));
        return;
    }
    new FirstFrameWatcher(window, context, std::move(work));
}

} // namespace targetdesk::gui
