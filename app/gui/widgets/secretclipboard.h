#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace targetdesk::gui
{

// Copies secrets (signing keys) to the clipboard the way password managers do: marked with the
// "x-kde-passwordManagerHint: secret" MIME hint so clipboard histories skip them, and cleared after a delay if the
// clipboard still holds the secret. Only a hash of the secret is kept for that check.
class SecretClipboard : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds defaultClearDelay{30'000};

    explicit SecretClipboard(QObject *parent = nullptr);
    // Clears the clipboard if it still holds the last secret: the application is going away.
    ~SecretClipboard() override;

    void setClearDelay(std::chrono::milliseconds delay) { m_clearDelay = delay; }
    std::chrono::milliseconds clearDelay() const { return m_clearDelay; }
    bool isClearPending() const { return m_timer.isActive(); }

    void copy(const QString &secret);

Q_SIGNALS:
    void copied();
    // The delay passed and the clipboard was emptied (false: someone copied something else meanwhile).
    void clearedAfterDelay(bool cleared);

private:
    bool clipboardHoldsSecret() const;
    void clearNow();

    QTimer m_timer;
    QByteArray m_secretHash;
    std::chrono::milliseconds m_clearDelay = defaultClearDelay;
};

} // namespace targetdesk::gui
