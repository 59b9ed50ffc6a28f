import Foundation
import Testing
@testable import Learning

@Suite struct FSRSFittingTests {
    /// Predicted recall, fitted on one cohort's simulated logs, is calibrated on another's: in
    /// every bin of predicted recall with enough reviews, observed recall is within 5 points.
    /// The defaults are not (the planted forgetting differs), so the fitting is what matters.
    @Test func fittedRecallIsCalibratedOnSimulatedLogs() {
        let training = ReviewSimulation.log(seed: 14, learners: 120, items: 40)
        let heldOut = ReviewSimulation.log(seed: 15, learners: 120, items: 40, firstLearner: 1_000)
        let fit = FSRSFitter.fit(training, maximumSample: 12_000, maximumEvaluations: 400)
        #expect(fit.fitted)
        #expect(fit.logLossAfter < fit.logLossBefore)
        let before = recallCalibration(heldOut, model: FSRS())
        let after = recallCalibration(heldOut, model: FSRS(parameters: fit.parameters))
        print("FSRS fit: \(fit.reviews) reviews (\(fit.sampled) sampled), log loss \(String(format: "%.4f", fit.logLossBefore)) -> \(String(format: "%.4f", fit.logLossAfter)), \(fit.evaluations) evaluations")
        print("FSRS fitted weights: \(fit.parameters.weights.map { String(format: "%.3f", $0) }.joined(separator: " "))")
        print("bin        reviews  default: predicted observed | fitted: reviews predicted observed")
        for (b, a) in zip(before, after) {
            print(String(format: "%.1f-%.1f  %6d  %.3f %.3f | %6d  %.3f %.3f", a.lower, a.upper, b.reviews, b.meanPredicted, b.observed,
                         a.reviews, a.meanPredicted, a.observed))
        }
        let worst = { (bins: [RecallBin]) in bins.filter { $0.reviews >= 200 }.map { abs($0.observed - $0.meanPredicted) }.max() ?? 1 }
        print(String(format: "largest gap in bins of >= 200 reviews: default %.3f, fitted %.3f", worst(before), worst(after)))
        #expect(after.filter { $0.reviews >= 200 }.count >= 5)
        #expect(worst(after) <= 0.05)
        #expect(worst(before) > 0.05)
    }

    @Test func fewReviewsKeepTheDefaults() {
        var log = ReviewLog()
        for k in 0..<300 {
            log.append(learner: "l\(k % 7)", item: "q\(k % 11)", day: Double(k), score: k % 3 == 0 ? 0 : 1)
        }
        let fit = FSRSFitter.fit(log)
        #expect(!fit.fitted)
        #expect(fit.parameters == .default)
        #expect(fit.reviews < FSRSFitter.minimumReviews)
    }

    @Test func fittingIsDeterministic() {
        let log = ReviewSimulation.log(seed: 3, learners: 30, items: 20)
        let a = FSRSFitter.fit(log, maximumSample: 3_000, maximumEvaluations: 60)
        let b = FSRSFitter.fit(log, maximumSample: 3_000, maximumEvaluations: 60)
        #expect(a == b)
    }
}
