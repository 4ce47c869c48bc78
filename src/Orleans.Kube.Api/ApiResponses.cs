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

    public static Task WriteAsync(this HttpResponse response, ApiResult result) =>
        response.WriteJsonAsync(result.Code, result.Body);
}
