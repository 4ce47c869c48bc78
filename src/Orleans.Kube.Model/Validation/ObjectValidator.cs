using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// Create-time validation of objects in Kubernetes JSON form, returning the field errors kube-apiserver
/// would (same paths, cause types and wording), after the defaulting kube applies first is taken into
/// account. Kinds without specific rules get the metadata checks only.
/// </summary>
public static class ObjectValidator
{
    public static IReadOnlyList<FieldError> Validate(string kind, JsonObject obj, bool namespaced)
    {
        var errors = new List<FieldError>();
        switch (kind)
        {
            case "Pod":
                Metadata(NameRules.Dns1123Subdomain);
                PodSpecValidator.Validate(JsonFields.Object(obj, "spec"), "spec", errors);
                break;
            case "Deployment":
                Metadata(NameRules.Dns1123Subdomain);
                DeploymentValidator.Validate(obj, errors);
                break;
            case "ReplicaSet":
                Metadata(NameRules.Dns1123Subdomain);
                ReplicaSetValidator.Validate(obj, errors);
                break;
            case "StatefulSet":
                Metadata(NameRules.Dns1123Label);
                StatefulSetValidator.Validate(obj, errors);
                break;
            case "DaemonSet":
                Metadata(NameRules.Dns1123Subdomain);
                DaemonSetValidator.Validate(obj, errors);
                break;
            case "Service":
                // Services must be DNS-1035 labels (a letter first): their names become DNS names and env vars.
                Metadata(NameRules.Dns1035Label);
                ServiceValidator.Validate(obj, errors);
                break;
            case "ConfigMap":
                Metadata(NameRules.Dns1123Subdomain);
                ConfigMapValidator.Validate(obj, errors);
                break;
            case "Secret":
                Metadata(NameRules.Dns1123Subdomain);
                SecretValidator.Validate(obj, errors);
                break;
            case "Namespace":
                Metadata(NameRules.Dns1123Label);
                NamespaceValidator.Validate(obj, errors);
                break;
            case "Node":
                Metadata(NameRules.Dns1123Subdomain);
                NodeValidator.Validate(obj, errors);
                break;
            case "Event":
                EventValidator.Validate(obj, errors);
                break;
            case "Job":
                Metadata(NameRules.Dns1123Subdomain);
                JobValidator.Validate(obj, errors);
                break;
            case "CronJob":
                Metadata(NameRules.Dns1123Subdomain);
                CronJobValidator.Validate(obj, errors);
                break;
            case "HorizontalPodAutoscaler":
                Metadata(NameRules.Dns1123Subdomain);
                HorizontalPodAutoscalerValidator.Validate(obj, errors);
                break;
            default:
                MetadataValidator.Validate(obj, namespaced, NameRules.Dns1123Subdomain, builtIn: false, errors);
                break;
        }

        return errors;

        void Metadata(Func<string, IReadOnlyList<string>> nameRule) =>
            MetadataValidator.Validate(obj, namespaced, nameRule, builtIn: true, errors);
    }

    /// <summary>
    /// The Status message of a 422 Invalid response, e.g.
    /// <c>Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>;
    /// several distinct errors are joined in brackets.
    /// </summary>
    public static string FormatMessage(string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var subject = $"{KindGroups.Qualify(kind)} {GoFormat.Quote(name)} is invalid";
        return errors.Count == 0 ? subject : $"{subject}: {GoFormat.Aggregate(errors.Select(e => e.ToString()))}";
    }
}
