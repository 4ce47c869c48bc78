using System.Text;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Api;

internal static class ApiResponses
{
    public static Task WriteJsonAsync(this HttpResponse response, int code, string body)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        return response.WriteAsync(body, Encoding.UTF8);
    }

    public static Task WriteAsync(this HttpResponse response, ApiResult result)
    {
        foreach (var warning in result.Warnings)
            response.Headers.Append("Warning", WarningHeader(warning));
        if (result.AuditAnnotations is { Count: > 0 } annotations)
            Security.AuditLog.Annotate(response.HttpContext, annotations);
        return response.WriteJsonAsync(result.Code, result.Body);
    }

    /// <summary>RFC 7234 warn-code 299 with agent "-", the form kube-apiserver sends and kubectl prints as "Warning: text".</summary>
    private static string WarningHeader(string text) =>
        $"299 - \"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
