using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Security;

/// <summary>Where the cluster's credentials and the optional token file and audit log live (the Security section).</summary>
public sealed class SecurityOptions
{
    /// <summary>The folder of the cluster CA, admin certificate and token signing key (created when empty).</summary>
    public string PkiDir { get; init; } = "";
    /// <summary>kube-apiserver's --token-auth-file; empty: no static tokens.</summary>
    public string TokenAuthFile { get; init; } = "";
    /// <summary>kube-apiserver's --audit-log-path; empty: no audit log.</summary>
    public string AuditLogPath { get; init; } = "";
    /// <summary>kube-apiserver's --audit-policy-file; empty: every request at Metadata.</summary>
    public string AuditPolicyFile { get; init; } = "";
    /// <summary>Silo-to-silo and gateway traffic over mutual TLS with the cluster CA; false (plaintext) only for measuring its cost.</summary>
    public bool ClusterTls { get; init; } = true;
}

/// <summary>
/// The request pipeline's security steps, in kube-apiserver's order: authentication (401),
/// impersonation, audit, authorization (403). Every silo runs them on everything it serves.
/// </summary>
public static class ApiSecurity
{
    public static IServiceCollection AddApiSecurity(this IServiceCollection services, ClusterPki pki, SecurityOptions options)
    {
        services.AddSingleton(pki);
        services.AddSingleton(options.TokenAuthFile.Length > 0 ? StaticTokenFile.Load(options.TokenAuthFile) : StaticTokenFile.Empty);
        services.AddSingleton<ServiceAccountTokens>();
        services.AddSingleton<IServiceAccountTokenIssuer>(sp => sp.GetRequiredService<ServiceAccountTokens>());
        services.AddSingleton<ApiAuthentication>();
        services.AddSingleton<RbacCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RbacCache>());
        services.AddSingleton<RbacAuthorizer>();
        if (options.AuditLogPath.Length > 0)
        {
            var policy = options.AuditPolicyFile.Length > 0 ? AuditPolicy.Load(options.AuditPolicyFile) : AuditPolicy.Everything;
            services.AddSingleton(new AuditLog(options.AuditLogPath, policy));
            services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        }
        return services;
    }

    public static IApplicationBuilder UseApiSecurity(this IApplicationBuilder app)
    {
        var authentication = app.ApplicationServices.GetRequiredService<ApiAuthentication>();
        var authorizer = app.ApplicationServices.GetRequiredService<RbacAuthorizer>();
        var audit = app.ApplicationServices.GetService<AuditLog>();
        return app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            var caller = await authentication.AuthenticateAsync(http);
            if (caller is null)
            {
                if (!ApiAuthentication.IsPublic(http.Request.Path))
                {
                    await ApiAuthentication.WriteUnauthorizedAsync(http);
                    return;
                }
                caller = UserInfo.AnonymousUser;
            }
            var user = await Impersonation.ApplyAsync(http, caller, authorizer);
            if (user is null)
                return;
            UserInfo.Set(http, user);
            var request = RequestAttributes.From(http, user);
            var impersonator = ReferenceEquals(user, caller) ? null : caller;
            if (audit is null)
                await AuthorizeAsync(http, request, authorizer, next);
            else
                await audit.RecordAsync(http, request, impersonator, () => AuthorizeAsync(http, request, authorizer, next));
        });
    }

    private static async Task AuthorizeAsync(HttpContext http, RequestAttributes request, RbacAuthorizer authorizer, RequestDelegate next)
    {
        var publicPath = request.User.Name == UserInfo.Anonymous && ApiAuthentication.IsPublic(http.Request.Path);
        if (publicPath || await authorizer.AllowsAsync(request))
        {
            await next(http);
            return;
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await http.Response.WriteJsonAsync(403, StatusErrors.ForbiddenRequest(request.ApiGroup, request.Resource, request.Name, ForbiddenReason(request)));
    }

    /// <summary>kube's forbiddenMessage.</summary>
    public static string ForbiddenReason(RequestAttributes request)
    {
        var user = request.User.Name;
        if (!request.IsResourceRequest)
            return $"User \"{user}\" cannot {request.Verb} path \"{request.Path}\"";
        return request.Namespace.Length > 0
            ? $"User \"{user}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" in the namespace \"{request.Namespace}\""
            : $"User \"{user}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" at the cluster scope";
    }
}
