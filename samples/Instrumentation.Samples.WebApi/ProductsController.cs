using Instrumentation;
using Microsoft.AspNetCore.Mvc;

namespace Instrumentation.Samples.WebApi;

/// <summary>A controller action recorded from its requests (the framework calls it, so there is no call site to intercept).</summary>
[ApiController]
[Route("products")]
public sealed class ProductsController(ProductCache cache) : ControllerBase
{
    [HttpGet("{id:int}")]
    [TrackEndpoint("products.get")]
    public ActionResult<string> Get(int id)
    {
        if (cache.TryGet(id, out string? product))
        {
            return product!;
        }

        if (id % 97 == 0)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        product = $"product {id}";
        cache.Add(id, product);
        return product;
    }
}
