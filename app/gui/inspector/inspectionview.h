#pragma once

#include "inspector/inspectionrunner.h"
#include "inspector/inspectorinstance.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace targetdesk::gui
{

class InspectorBadge;
class JsonTreeView;

// What the window knows around one inspection, for the badges: where the keys came from and what the instance
// said about the key ids. Updated when a lookup finishes, without inspecting again.
struct InspectionContext {
    bool connected = false;
    QString instanceName;
    bool jwksLoaded = false;
    bool jwtKidInJwks = true;
    bool vaultKnowsJweKid = false;
    InspectorInstance::KeyOwner jweKeyOwner;
    bool ageEnforced = true;
    QString signingKeySource; // "target “billing” (found by the key id)", empty: none
};

// The result of one inspection: a headline (what ZITADEL sent), badges with plain-words explanations, and tabs
// with the payload tree, the raw headers (HTTP capture, JWE, inner JWT) and the full details.
class InspectionView : public QWidget
{
    Q_OBJECT
public:
    explicit InspectionView(QWidget *parent = nullptr);

    // Nothing inspected: shows `hint` instead.
    void clear(const QString &hint);
    void setBusy(bool busy);
    void showResult(const InspectionResult &result, const InspectionContext &context);
    void setContext(const InspectionContext &context);
    const std::optional<InspectionResult> &result() const { return m_result; }

    QLabel *headline() const { return m_headline; }
    InspectorBadge *errorBox() const { return m_error; }
    InspectorBadge *decryptionBadge() const { return m_decryption; }
    InspectorBadge *signatureBadge() const { return m_signature; }
    InspectorBadge *webhookBadge() const { return m_webhook; }
    InspectorBadge *keyStateBadge() const { return m_keyState; }
    InspectorBadge *unknownKidBadge() const { return m_unknownKid; }
    // The plain-words line next to a badge.
    QLabel *explanation(InspectorBadge *badge) const;
    JsonTreeView *jsonView() const { return m_json; }
    QTreeWidget *headersTree() const { return m_headers; }
    QPlainTextEdit *detailsText() const { return m_details; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void updateBadges();
    void fillHeaders();
    void fillDetails();
    void setBadgeRow(InspectorBadge *badge, bool visible, int tone, const QString &text, const QString &explanation);

    std::optional<InspectionResult> m_result;
    InspectionContext m_context;
    QLabel *m_headline;
    QLabel *m_subline;
    QLabel *m_times;
    InspectorBadge *m_error;
    InspectorBadge *m_decryption;
    InspectorBadge *m_signature;
    InspectorBadge *m_webhook;
    InspectorBadge *m_keyState;
    InspectorBadge *m_unknownKid;
    QWidget *m_badgePanel;
    QTabWidget *m_tabs;
    JsonTreeView *m_json;
    QTreeWidget *m_headers;
    QPlainTextEdit *m_details;
    QPushButton *m_copyReport;
    QHash<InspectorBadge *, QLabel *> m_explanations;
};

} // namespace targetdesk::gui
