import { strict as assert } from "assert";
import { CatalogIndex } from "../../../infra/catalog";
import { generateCatalog } from "../../../tools/bench/catalog";
import { growth } from "../../../tools/bench/plan";

describe("tools/bench/catalog", () => {
    for (const n of [7, 70, 700]) {
        it(`generates a valid catalog of ${n} services shaped like the real one`, () => {
            const c = new CatalogIndex(generateCatalog(n));
            assert.equal(c.catalog.services.length, n);
            assert.equal(c.edgeService().name, "api-gateway");
            assert.equal(c.stripeClients().length, Math.floor((n - 1) / 10));
            for (const store of ["postgresql", "redis", "mongodb", "rabbitmq"]) {
                assert.ok(c.clientsOf(store).length > 0, `${store} has clients`);
            }
            // Flows grow linearly with services, so resources do too.
            assert.ok(c.flows.length <= 6 * n);
        });
    }

    it("refuses sizes it cannot lay out", () => {
        assert.throws(() => generateCatalog(1), /2\.\.9000 services/);
    });

    it("reads growth as the exponent of time over resources", () => {
        const p = (resources: number, ms: number) => ({ services: 0, resources, programMs: ms, analyzeMs: ms, analyzeStackMs: ms });
        assert.equal(growth(p(100, 10), p(1000, 100), (x) => x.programMs), 1);
        assert.equal(growth(p(100, 10), p(1000, 1000), (x) => x.programMs), 2);
    });
});
