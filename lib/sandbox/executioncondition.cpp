#include "executioncondition.h"

#include "messagereader.h"
#include "model/eventcatalog.h"

#include <QSet>

namespace targetdesk::sandbox
{

namespace
{

const QString kGroupSuffix = QStringLiteral(".*");

QString typeName(ExecutionCondition::Type t)
{
    switch (t) {
    case ExecutionCondition::Type::Request:
        return QStringLiteral("request");
    case ExecutionCondition::Type::Response:
        return QStringLiteral("response");
    case ExecutionCondition::Type::Event:
        return QStringLiteral("event");
    case ExecutionCondition::Type::Function:
        return QStringLiteral("function");
    }
    return {};
}

qsizetype runes(const QString &s)
{
    qsizetype n = 0;
    for (const QChar c : s) {
        if (!c.isLowSurrogate())
            ++n;
    }
    return n;
}

QString lengthError(const QString &message, const QString &field)
{
    return QStringLiteral("invalid %1.%2: value length must be between 1 and 1000 runes, inclusive")
        .arg(message, field);
}

// Reads the three-way oneof of RequestExecution/ResponseExecution (method|service|all) or EventExecution
// (event|group|all).
ConditionParse parseScoped(const QJsonObject &o, ExecutionCondition::Type type)
{
    const bool isEvent = type == ExecutionCondition::Type::Event;
    const QString message = isEvent ? QStringLiteral("EventExecution")
                                    : (type == ExecutionCondition::Type::Request ? QStringLiteral("RequestExecution")
                                                                                 : QStringLiteral("ResponseExecution"));
    const QString singleField = isEvent ? QStringLiteral("event") : QStringLiteral("method");
    const QString groupField = isEvent ? QStringLiteral("group") : QStringLiteral("service");
    MessageReader r(o, message);
    const auto single = r.string(singleField);
    const auto group = r.string(groupField);
    const auto all = r.boolean(QStringLiteral("all"));
    ConditionParse out;
    if (!r.finish()) {
        out.error = r.error();
        return out;
    }
    const int set = int(single.has_value()) + int(group.has_value()) + int(all.has_value());
    if (set > 1) {
        out.error = QStringLiteral("proto: oneof zitadel.action.v2.%1.condition is already set").arg(message);
        return out;
    }
    if (set == 0) {
        out.error = QStringLiteral("Errors.Execution.Invalid");
        out.errorId = isEvent ? QStringLiteral("COMMAND-w5smb6v7qu") : QStringLiteral("COMMAND-3tkej630e6");
        return out;
    }
    ExecutionCondition c;
    c.type = type;
    if (single) {
        if (runes(*single) < 1 || runes(*single) > 1000) {
            out.error = lengthError(message, singleField.at(0).toUpper() + singleField.mid(1));
            return out;
        }
        c.scope = ExecutionCondition::Scope::Single;
        c.value = *single;
    } else if (group) {
        if (runes(*group) < 1 || runes(*group) > 1000) {
            out.error = lengthError(message, groupField.at(0).toUpper() + groupField.mid(1));
            return out;
        }
        // Kept as written: SetExecution refuses a group with ".*" (no registered type starts with it), while a
        // list filter names the same execution either way (see id()).
        c.scope = ExecutionCondition::Scope::Group;
        c.value = *group;
    } else {
        if (!*all) {
            out.error = QStringLiteral("invalid %1.All: value must equal true").arg(message);
            return out;
        }
        c.scope = ExecutionCondition::Scope::All;
    }
    out.condition = c;
    return out;
}

} // namespace

QString ExecutionCondition::id() const
{
    const QString prefix = typeName(type);
    switch (scope) {
    case Scope::All:
        return prefix;
    case Scope::Group:
        if (type == Type::Event)
            return prefix + QLatin1Char('/') + groupName() + kGroupSuffix;
        return prefix + QLatin1Char('/') + value;
    case Scope::Single:
        break;
    }
    QString v = value;
    if (v.startsWith(QLatin1Char('/')))
        v.remove(0, 1);
    return prefix + QLatin1Char('/') + v;
}

QJsonObject ExecutionCondition::toJson() const
{
    QJsonObject inner;
    if (type == Type::Function) {
        inner.insert(QStringLiteral("name"), value);
    } else if (scope == Scope::All) {
        inner.insert(QStringLiteral("all"), true);
    } else {
        const bool isEvent = type == Type::Event;
        const QString field = scope == Scope::Single ? (isEvent ? QStringLiteral("event") : QStringLiteral("method"))
                                                     : (isEvent ? QStringLiteral("group") : QStringLiteral("service"));
        inner.insert(field, isEvent && scope == Scope::Group ? groupName() : value);
    }
    return QJsonObject{{typeName(type), inner}};
}

QString ExecutionCondition::groupName() const
{
    return value.endsWith(kGroupSuffix) ? value.chopped(kGroupSuffix.size()) : value;
}

targetdesk::ExecutionCondition ExecutionCondition::toModel() const
{
    using Model = targetdesk::ExecutionCondition;
    Model out;
    switch (type) {
    case Type::Request:
        out.kind = Model::Kind::Request;
        break;
    case Type::Response:
        out.kind = Model::Kind::Response;
        break;
    case Type::Event:
        out.kind = Model::Kind::Event;
        break;
    case Type::Function:
        out.kind = Model::Kind::Function;
        break;
    }
    switch (scope) {
    case Scope::Single:
        out.scope = Model::Scope::One;
        out.value = value;
        break;
    case Scope::Group:
        out.scope = Model::Scope::Group;
        out.value = type == Type::Event ? groupName() : value;
        break;
    case Scope::All:
        out.scope = Model::Scope::All;
        break;
    }
    return out;
}

ConditionParse ExecutionCondition::fromJson(const QJsonObject &o)
{
    MessageReader r(o, QStringLiteral("Condition"));
    const auto request = r.object(QStringLiteral("request"));
    const auto response = r.object(QStringLiteral("response"));
    const auto function = r.object(QStringLiteral("function"));
    const auto event = r.object(QStringLiteral("event"));
    ConditionParse out;
    if (!r.finish()) {
        out.error = r.error();
        return out;
    }
    const int set =
        int(request.has_value()) + int(response.has_value()) + int(function.has_value()) + int(event.has_value());
    if (set > 1) {
        out.error = QStringLiteral("proto: oneof zitadel.action.v2.Condition.condition_type is already set");
        return out;
    }
    if (set == 0) {
        out.error = QStringLiteral("invalid Condition.ConditionType: value is required");
        return out;
    }
    if (request)
        return parseScoped(*request, Type::Request);
    if (response)
        return parseScoped(*response, Type::Response);
    if (event)
        return parseScoped(*event, Type::Event);

    MessageReader f(*function, QStringLiteral("FunctionExecution"));
    const QString name = f.string(QStringLiteral("name")).value_or(QString());
    if (!f.finish()) {
        out.error = f.error();
        return out;
    }
    if (runes(name) < 1 || runes(name) > 1000) {
        out.error = lengthError(QStringLiteral("FunctionExecution"), QStringLiteral("Name"));
        return out;
    }
    ExecutionCondition c;
    c.type = Type::Function;
    c.scope = Scope::Single;
    c.value = name;
    out.condition = c;
    return out;
}

namespace catalog
{

namespace
{

struct Service {
    const char *name;
    std::initializer_list<const char *> methods;
};

// A realistic subset of what a ZITADEL v4 instance serves.
const std::initializer_list<Service> kServices = {
    {"zitadel.action.v2.ActionService",
     {"ActivatePublicKey", "AddPublicKey", "CreateTarget", "DeactivatePublicKey", "DeleteTarget", "GetTarget",
      "ListExecutionFunctions", "ListExecutionMethods", "ListExecutionServices", "ListExecutions", "ListPublicKeys",
      "ListTargets", "RemovePublicKey", "SetExecution", "UpdateTarget"}},
    {"zitadel.application.v2.ApplicationService",
     {"CreateApplication", "DeactivateApplication", "DeleteApplication", "GetApplication", "ListApplications",
      "ReactivateApplication", "UpdateApplication"}},
    {"zitadel.authorization.v2.AuthorizationService",
     {"ActivateAuthorization", "CreateAuthorization", "DeactivateAuthorization", "DeleteAuthorization",
      "ListAuthorizations", "UpdateAuthorization"}},
    {"zitadel.feature.v2.FeatureService",
     {"GetInstanceFeatures", "GetOrganizationFeatures", "GetSystemFeatures", "GetUserFeatures", "ResetInstanceFeatures",
      "SetInstanceFeatures"}},
    {"zitadel.idp.v2.IdentityProviderService", {"GetIDPByID"}},
    {"zitadel.instance.v2.InstanceService",
     {"AddCustomDomain", "DeleteInstance", "GetInstance", "ListCustomDomains", "ListInstances", "RemoveCustomDomain",
      "UpdateInstance"}},
    {"zitadel.oidc.v2.OIDCService",
     {"AuthorizeOrDenyDeviceAuthorization", "CreateCallback", "GetAuthRequest", "GetDeviceAuthorizationRequest"}},
    {"zitadel.org.v2.OrganizationService",
     {"ActivateOrganization", "AddOrganization", "AddOrganizationDomain", "DeactivateOrganization",
      "DeleteOrganization", "DeleteOrganizationDomain", "ListOrganizationDomains", "ListOrganizationMetadata",
      "ListOrganizations", "SetOrganizationMetadata", "UpdateOrganization"}},
    {"zitadel.project.v2.ProjectService",
     {"ActivateProject", "AddProjectRole", "CreateProject", "CreateProjectGrant", "DeactivateProject", "DeleteProject",
      "GetProject", "ListProjectGrants", "ListProjectRoles", "ListProjects", "RemoveProjectRole", "UpdateProject"}},
    {"zitadel.saml.v2.SAMLService", {"CreateResponse", "GetSAMLRequest"}},
    {"zitadel.session.v2.SessionService",
     {"CreateSession", "DeleteSession", "GetSession", "ListSessions", "SetSession"}},
    {"zitadel.settings.v2.SettingsService",
     {"GetActiveIdentityProviders", "GetBrandingSettings", "GetDomainSettings", "GetGeneralSettings",
      "GetLegalAndSupportSettings", "GetLockoutSettings", "GetLoginSettings", "GetPasswordComplexitySettings",
      "GetPasswordExpirySettings", "GetSecuritySettings", "SetSecuritySettings"}},
    {"zitadel.user.v2.UserService",
     {"AddHumanUser",
      "AddIDPLink",
      "AddKey",
      "AddOTPEmail",
      "AddOTPSMS",
      "AddPersonalAccessToken",
      "AddSecret",
      "CreateInviteCode",
      "CreatePasskeyRegistrationLink",
      "CreateUser",
      "DeactivateUser",
      "DeleteUser",
      "DeleteUserMetadata",
      "GetUserByID",
      "HumanMFAInitSkipped",
      "ListAuthenticationMethodTypes",
      "ListIDPLinks",
      "ListKeys",
      "ListPersonalAccessTokens",
      "ListUserMetadata",
      "ListUsers",
      "LockUser",
      "PasswordReset",
      "ReactivateUser",
      "RegisterPasskey",
      "RegisterTOTP",
      "RemoveIDPLink",
      "RemoveOTPEmail",
      "RemoveOTPSMS",
      "RemovePasskey",
      "RemovePhone",
      "RemoveSecret",
      "RemoveTOTP",
      "ResendEmailCode",
      "ResendPhoneCode",
      "RetrieveIdentityProviderIntent",
      "SetEmail",
      "SetPassword",
      "SetPhone",
      "SetUserMetadata",
      "StartIdentityProviderIntent",
      "UnlockUser",
      "UpdateHumanUser",
      "UpdateUser",
      "VerifyEmail",
      "VerifyPasskeyRegistration",
      "VerifyPhone",
      "VerifyTOTPRegistration"}},
    {"zitadel.webkey.v2.WebKeyService", {"ActivateWebKey", "CreateWebKey", "DeleteWebKey", "ListWebKeys"}},
    {"zitadel.admin.v1.AdminService", {"AddIAMMember", "GetMyInstance", "ListIAMMembers", "SetDefaultLanguage"}},
    {"zitadel.auth.v1.AuthService", {"GetMyUser", "ListMyUserGrants", "UpdateMyUserProfile"}},
    {"zitadel.management.v1.ManagementService",
     {"AddHumanUser", "AddMachineUser", "AddProject", "AddUserGrant", "GetUserByID", "ImportHumanUser", "ListUsers",
      "UpdateHumanProfile"}},
};

} // namespace

const QStringList &functions()
{
    static const QStringList list = {QStringLiteral("preuserinfo"), QStringLiteral("preaccesstoken"),
                                     QStringLiteral("presamlresponse")};
    return list;
}

const QStringList &services()
{
    static const QStringList list = [] {
        QStringList out;
        for (const Service &s : kServices)
            out.append(QString::fromLatin1(s.name));
        out.sort();
        return out;
    }();
    return list;
}

const QStringList &methods()
{
    static const QStringList list = [] {
        QStringList out;
        for (const Service &s : kServices) {
            for (const char *m : s.methods)
                out.append(QLatin1Char('/') + QString::fromLatin1(s.name) + QLatin1Char('/') + QString::fromLatin1(m));
        }
        out.sort();
        return out;
    }();
    return list;
}

bool isMethod(const QString &method)
{
    static const QSet<QString> set(methods().cbegin(), methods().cend());
    return set.contains(method);
}

bool isService(const QString &service)
{
    static const QSet<QString> set(services().cbegin(), services().cend());
    return set.contains(service);
}

bool isFunction(const QString &name)
{
    return functions().contains(name);
}

bool isEvent(const QString &event)
{
    return eventcatalog::isEventType(event);
}

bool isEventGroup(const QString &group)
{
    return eventcatalog::isEventGroup(group);
}

} // namespace catalog

} // namespace targetdesk::sandbox
